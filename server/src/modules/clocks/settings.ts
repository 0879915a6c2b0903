import type { CalendarOverride, ClockSettings } from '@civic/shared';
import type { Queryable } from '../../db/pool.ts';
import { WorkingCalendar } from './working-calendar.ts';

/**
 * A district government's office hours (Zhengzhou publishes summer and winter
 * hours; the bureau sets its own) and the 督办 ladder the issue describes:
 * warning at 80% of the limit, reminder (催办) at the breach, formal notice
 * (催办通知书) a working day later, reprimand (通报) three working days later.
 */
export const DEFAULT_CLOCK_SETTINGS: ClockSettings = {
  workingHours: [
    { start: '08:30', end: '12:00' },
    { start: '14:00', end: '17:30' },
  ],
  escalation: {
    warnRatio: 0.8,
    reminderAfter: { amount: 1, unit: 'minutes' },
    noticeAfter: { amount: 1, unit: 'working_days' },
    reprimandAfter: { amount: 3, unit: 'working_days' },
  },
};

const SETTINGS_KEY = 'clock_settings';

/** Read from the database on each use, so every node computes the same deadlines. */
export async function loadClockSettings(db: Queryable): Promise<ClockSettings> {
  const { rows } = await db.query<{ value: ClockSettings }>('SELECT value FROM system_state WHERE key = $1', [
    SETTINGS_KEY,
  ]);
  return rows[0]?.value ?? DEFAULT_CLOCK_SETTINGS;
}

export async function saveClockSettings(db: Queryable, settings: ClockSettings): Promise<void> {
  await db.query(
    `INSERT INTO system_state (key, value, updated_at) VALUES ($1, $2::jsonb, now())
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
    [SETTINGS_KEY, JSON.stringify(settings)],
  );
}

export async function loadCalendarOverrides(db: Queryable): Promise<CalendarOverride[]> {
  const { rows } = await db.query<CalendarOverride>(
    `SELECT to_char(date, 'YYYY-MM-DD') AS date, working, note FROM calendar_overrides ORDER BY date`,
  );
  return rows.map((row) => (row.note === null ? { date: row.date, working: row.working } : row));
}

/** The working calendar as the bureau has configured it right now. */
export async function loadCalendar(db: Queryable, settings?: ClockSettings): Promise<WorkingCalendar> {
  const [resolved, overrides] = await Promise.all([settings ?? loadClockSettings(db), loadCalendarOverrides(db)]);
  return new WorkingCalendar({
    workingHours: resolved.workingHours,
    overrides: new Map(overrides.map((o) => [o.date, o.working])),
  });
}
