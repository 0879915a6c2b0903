/** The admin page's forms: drafts of categories and clock settings, checked before they are sent. */
import {
  CLOCK_STAGES,
  type CategoryDto,
  type CategoryUpdateBody,
  type ClockSettings,
  type ClockStage,
  type LimitUnit,
  type StageLimits,
  type TimeLimit,
  type WorkingPeriod,
} from '@civic/shared';
import { parseAmount } from './case-actions.ts';
import type { MessageKey } from './i18n.ts';

/** A checked form: the value to send, or the message saying what is wrong (and, for a limit, at which stage). */
export type Checked<T> = { ok: true; value: T } | { ok: false; error: MessageKey; stage?: ClockStage };

export interface CategoryRowModel {
  category: CategoryDto;
  /** 0 for a main category (大类), 1 for a subcategory (小类), deeper if the catalogue nests further. */
  depth: number;
}

/** Main categories by code, each followed by its subcategories; an orphan (parent unknown) is shown as a main one. */
export function categoryTree(categories: readonly CategoryDto[]): CategoryRowModel[] {
  const codes = new Set(categories.map((c) => c.code));
  const children = new Map<string | null, CategoryDto[]>();
  for (const c of categories) {
    const parent = c.parentCode !== null && codes.has(c.parentCode) && c.parentCode !== c.code ? c.parentCode : null;
    children.set(parent, [...(children.get(parent) ?? []), c]);
  }
  const rows: CategoryRowModel[] = [];
  const seen = new Set<string>();
  const walk = (parent: string | null, depth: number): void => {
    for (const c of (children.get(parent) ?? []).sort((a, b) => a.code.localeCompare(b.code))) {
      if (seen.has(c.code)) continue; // a cycle in bad data must not hang the page
      seen.add(c.code);
      rows.push({ category: c, depth });
      walk(c.code, depth + 1);
    }
  };
  walk(null, 0);
  // Anything left sits in a parent cycle: list it rather than hide it.
  for (const c of categories) if (!seen.has(c.code)) rows.push({ category: c, depth: 0 });
  return rows;
}

export interface LimitDraft {
  /** Empty: no limit for this stage. */
  amount: string;
  unit: LimitUnit;
}

export interface CategoryDraft {
  name: string;
  nameEn: string;
  priority: number;
  active: boolean;
  limits: Record<ClockStage, LimitDraft>;
  /** Possible-duplicate flagging: how near (metres) and how recent (hours); 0 turns it off. */
  duplicateRadiusM: string;
  duplicateWindowHours: string;
}

export function limitDraft(limit: TimeLimit | undefined, fallbackUnit: LimitUnit = 'working_hours'): LimitDraft {
  return limit ? { amount: String(limit.amount), unit: limit.unit } : { amount: '', unit: fallbackUnit };
}

export function categoryDraft(c: CategoryDto): CategoryDraft {
  return {
    name: c.name,
    nameEn: c.nameEn,
    priority: c.priority,
    active: c.active,
    limits: {
      register: limitDraft(c.limits.register),
      arrive: limitDraft(c.limits.arrive),
      dispose: limitDraft(c.limits.dispose),
      close: limitDraft(c.limits.close),
    },
    duplicateRadiusM: String(c.duplicateRadiusM),
    duplicateWindowHours: String(c.duplicateWindowHours),
  };
}

/** A whole number within [0, max], or null. */
function parseWhole(input: string, max: number): number | null {
  const trimmed = input.trim();
  if (!/^\d+$/.test(trimmed)) return null;
  const n = Number(trimmed);
  return n <= max ? n : null;
}

/** The limits from the draft; an empty amount is no limit. `stage` in the error names the offending stage. */
export function stageLimits(limits: Record<ClockStage, LimitDraft>): Checked<StageLimits> {
  const result: StageLimits = {};
  for (const stage of CLOCK_STAGES) {
    const { amount, unit } = limits[stage];
    if (amount.trim() === '') continue;
    const n = parseAmount(amount);
    if (n === null) return { ok: false, error: 'admin.limitInvalid', stage };
    result[stage] = { amount: n, unit };
  }
  return { ok: true, value: result };
}

const sameLimit = (a: TimeLimit | undefined, b: TimeLimit | undefined): boolean =>
  a?.amount === b?.amount && a?.unit === b?.unit;

/** Only what changed, so that two admins editing different fields of one row do not undo each other. */
export function categoryUpdate(draft: CategoryDraft, original: CategoryDto): Checked<CategoryUpdateBody> {
  const name = draft.name.trim();
  const nameEn = draft.nameEn.trim();
  if (!name || !nameEn) return { ok: false, error: 'admin.nameRequired' };
  const limits = stageLimits(draft.limits);
  if (!limits.ok) return limits;
  const radius = parseWhole(draft.duplicateRadiusM, 5000);
  const window = parseWhole(draft.duplicateWindowHours, 720);
  if (radius === null || window === null) return { ok: false, error: 'admin.duplicateInvalid' };
  const body: CategoryUpdateBody = {};
  if (name !== original.name) body.name = name;
  if (nameEn !== original.nameEn) body.nameEn = nameEn;
  if (draft.priority !== original.priority) body.priority = draft.priority;
  if (draft.active !== original.active) body.active = draft.active;
  if (CLOCK_STAGES.some((s) => !sameLimit(limits.value[s], original.limits[s]))) body.limits = limits.value;
  if (radius !== original.duplicateRadiusM) body.duplicateRadiusM = radius;
  if (window !== original.duplicateWindowHours) body.duplicateWindowHours = window;
  return { ok: true, value: body };
}

/** Periods in order, each ending after it starts and none overlapping ("HH:MM" compares as text). */
export function periodsValid(periods: readonly WorkingPeriod[]): boolean {
  const hhmm = /^([01]\d|2[0-3]):[0-5]\d$/;
  if (periods.length < 1 || periods.length > 6) return false;
  return periods.every(
    (p, i) =>
      hhmm.test(p.start) &&
      (hhmm.test(p.end) || p.end === '24:00') &&
      p.start < p.end &&
      (i === 0 || periods[i - 1]!.end <= p.start),
  );
}

export interface ClockSettingsDraft {
  periods: WorkingPeriod[];
  /** The warning's share of the limit, in percent. */
  warnPercent: string;
  reminderAfter: LimitDraft;
  noticeAfter: LimitDraft;
  reprimandAfter: LimitDraft;
}

export function clockSettingsDraft(settings: ClockSettings): ClockSettingsDraft {
  return {
    periods: settings.workingHours.map((p) => ({ ...p })),
    warnPercent: String(Math.round(settings.escalation.warnRatio * 100)),
    reminderAfter: limitDraft(settings.escalation.reminderAfter),
    noticeAfter: limitDraft(settings.escalation.noticeAfter),
    reprimandAfter: limitDraft(settings.escalation.reprimandAfter),
  };
}

export function clockSettingsFromDraft(draft: ClockSettingsDraft): Checked<ClockSettings> {
  // <input type="time"> may answer with seconds; the contract wants HH:MM.
  const periods = draft.periods.map((p) => ({ start: p.start.slice(0, 5), end: p.end.slice(0, 5) }));
  if (!periodsValid(periods)) return { ok: false, error: 'admin.periodsInvalid' };
  const percent = draft.warnPercent.trim();
  const warn = /^\d{1,2}$/.test(percent) ? Number(percent) : NaN;
  if (!(warn >= 1 && warn <= 99)) return { ok: false, error: 'admin.warnRatioInvalid' };
  const steps = {
    reminderAfter: draft.reminderAfter,
    noticeAfter: draft.noticeAfter,
    reprimandAfter: draft.reprimandAfter,
  };
  const escalation: Partial<Record<keyof typeof steps, TimeLimit>> = {};
  for (const [key, limit] of Object.entries(steps) as [keyof typeof steps, LimitDraft][]) {
    const amount = parseAmount(limit.amount);
    if (amount === null) return { ok: false, error: 'actions.amountInvalid' };
    escalation[key] = { amount, unit: limit.unit };
  }
  return {
    ok: true,
    value: {
      workingHours: periods,
      escalation: {
        warnRatio: warn / 100,
        reminderAfter: escalation.reminderAfter!,
        noticeAfter: escalation.noticeAfter!,
        reprimandAfter: escalation.reprimandAfter!,
      },
    },
  };
}
