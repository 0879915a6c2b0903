import {
  ESCALATION_STEPS,
  maskName,
  maskPhone,
  PHONE_VISIBLE_ROLES,
  type AssignmentDto,
  type CaseDto,
  type DeadlineDto,
  type EscalationStep,
  type MerchantGrade,
  type Role,
  type StageLimits,
} from '@civic/shared';
import type { Queryable } from '../../db/pool.ts';
import { POSSIBLE_DUPLICATES_JSON } from './duplicates.ts';

/**
 * How much of the complainant a reader may see:
 * - full: the roles that call complainants back;
 * - masked-phone: dispatchers and the district-wide live stream;
 * - masked: squads, who need neither the name nor the number.
 */
export type Audience = 'full' | 'masked-phone' | 'masked';

export function audienceFor(role: Role): Audience {
  if (PHONE_VISIBLE_ROLES.includes(role)) return 'full';
  return role === 'squad_member' ? 'masked' : 'masked-phone';
}

export interface CaseRow {
  id: number;
  case_no: string;
  channel: CaseDto['channel'];
  category_code: string | null;
  category_name: string | null;
  description: string;
  address: string | null;
  lng: number | null;
  lat: number | null;
  location_source: CaseDto['locationSource'];
  location_match: string | null;
  status: CaseDto['status'];
  priority: number;
  sub_district: string | null;
  squad_id: number | null;
  squad_name: string | null;
  complainant_name: string | null;
  complainant_phone: string | null;
  created_at: Date;
  updated_at: Date;
  last_seq: number;
  time_limits: StageLimits;
  ticket_due_at: Date | null;
  supervised: boolean;
  supervision_comment: string | null;
  extension_request: CaseDto['extensionRequest'];
  rework_count: number;
  merged_into: number | null;
  merged_into_no: string | null;
  feedback_given: boolean;
  satisfaction: CaseDto['satisfaction'];
  possible_duplicates: CaseDto['possibleDuplicates'];
  merchant_id: number | null;
  merchant_name: string | null;
  merchant_grade: MerchantGrade | null;
  permitted_zone_id: number | null;
  permitted_zone_name: string | null;
  /** The live assignment (assignments.status assigned or accepted), all null when there is none. */
  assignment_id: number | null;
  assignment_squad_id: number | null;
  assigned_at: Date | null;
  delivered_at: Date | null;
  acknowledged_at: Date | null;
  /** Running clocks as json_agg built them (timestamps as PostgreSQL prints them). */
  deadlines: DeadlineJson[];
}

type DeadlineJson = Omit<DeadlineDto, 'escalation'> & { escalation: EscalationStep | null };

/**
 * A case's clocks as JSON rows. `escalation` is the highest step fired and
 * still live (an approved extension cancels the steps of the old deadline).
 */
export const DEADLINE_JSON = (where: string) => `
  SELECT d.id, d.stage, d.started_at AS "startedAt", d.warn_at AS "warnAt", d.due_at AS "dueAt",
         CASE WHEN d.limit_unit IS NULL THEN NULL
              ELSE json_build_object('amount', d.limit_amount, 'unit', d.limit_unit) END AS "limit",
         d.source, d.met_at AS "metAt",
         (SELECT es.step FROM escalation_steps es
           WHERE es.deadline_id = d.id AND es.fired_at IS NOT NULL AND es.cancelled_at IS NULL
           ORDER BY array_position(ARRAY['${ESCALATION_STEPS.join("','")}'], es.step) DESC LIMIT 1) AS escalation
    FROM case_deadlines d
   WHERE ${where}`;

/** The one SELECT that every case read goes through. */
export const CASE_SELECT = `
  SELECT c.id, c.case_no, c.channel, c.category_code, cat.name AS category_name, c.description, c.address,
         ST_X(c.location) AS lng, ST_Y(c.location) AS lat, c.location_source, c.location_match,
         c.status, c.priority, sd.name AS sub_district, c.squad_id, sq.name AS squad_name,
         c.complainant_name, c.complainant_phone, c.created_at, c.updated_at, c.last_seq,
         c.time_limits, c.ticket_due_at, c.supervised, c.supervision_comment, c.extension_request, c.rework_count,
         c.merged_into, mc.case_no AS merged_into_no, c.feedback_given, c.satisfaction,
         ${POSSIBLE_DUPLICATES_JSON} AS possible_duplicates,
         c.merchant_id, m.name AS merchant_name, m.grade AS merchant_grade,
         c.permitted_zone_id, pz.name AS permitted_zone_name,
         asg.id AS assignment_id, asg.squad_id AS assignment_squad_id, asg.created_at AS assigned_at,
         asg.delivered_at, asg.acknowledged_at,
         (SELECT coalesce(json_agg(x ORDER BY x."dueAt"), '[]'::json) FROM (
            ${DEADLINE_JSON('d.case_id = c.id AND d.met_at IS NULL AND d.cancelled_at IS NULL')}) x) AS deadlines
    FROM cases c
    LEFT JOIN cases mc ON mc.id = c.merged_into
    LEFT JOIN categories cat ON cat.code = c.category_code
    LEFT JOIN sub_districts sd ON sd.id = c.sub_district_id
    LEFT JOIN squads sq ON sq.id = c.squad_id
    LEFT JOIN merchants m ON m.id = c.merchant_id
    LEFT JOIN zones pz ON pz.id = c.permitted_zone_id
    LEFT JOIN assignments asg ON asg.case_id = c.id AND asg.status IN ('assigned', 'accepted')`;

export async function findCaseRow(db: Queryable, id: number): Promise<CaseRow | undefined> {
  const { rows } = await db.query<CaseRow>(`${CASE_SELECT} WHERE c.id = $1`, [id]);
  return rows[0];
}

export async function findCaseRows(db: Queryable, ids: number[]): Promise<CaseRow[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query<CaseRow>(`${CASE_SELECT} WHERE c.id = ANY($1::bigint[])`, [ids]);
  return rows;
}

export function toCaseDto(row: CaseRow, audience: Audience): CaseDto {
  const location = row.lng === null || row.lat === null ? null : { lng: row.lng, lat: row.lat };
  return {
    id: row.id,
    caseNo: row.case_no,
    channel: row.channel,
    categoryCode: row.category_code,
    categoryName: row.category_name,
    description: row.description,
    address: row.address,
    location,
    needsLocation: location === null,
    locationSource: row.location_source,
    locationMatch: row.location_match,
    status: row.status,
    priority: row.priority,
    subDistrict: row.sub_district,
    squadId: row.squad_id,
    squadName: row.squad_name,
    complainantName: maskIf(row.complainant_name, audience === 'masked', maskName),
    complainantPhone: maskIf(row.complainant_phone, audience !== 'full', maskPhone),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    lastSeq: row.last_seq,
    deadlines: row.deadlines.map(toDeadlineDto),
    escalation: highestStep(row.deadlines.map((d) => d.escalation)),
    supervised: row.supervised,
    supervisionComment: row.supervision_comment,
    extensionRequest: row.extension_request,
    reworkCount: row.rework_count,
    mergedInto: row.merged_into === null ? null : { id: row.merged_into, caseNo: row.merged_into_no! },
    feedbackGiven: row.feedback_given,
    satisfaction: row.satisfaction,
    possibleDuplicates: row.possible_duplicates,
    assignment: toAssignmentDto(row),
    merchant:
      row.merchant_id === null ? null : { id: row.merchant_id, name: row.merchant_name!, grade: row.merchant_grade! },
    permittedZone:
      row.permitted_zone_id === null ? null : { id: row.permitted_zone_id, name: row.permitted_zone_name! },
  };
}

let ackTimeoutMs = 120_000;

/** ACK_TIMEOUT_SECONDS: an assignment nobody acknowledged for this long is flagged to dispatchers. */
export function setAckTimeoutSeconds(seconds: number): void {
  ackTimeoutMs = seconds * 1000;
}

/**
 * The flag is computed from the stored times, so it needs no sweeper and
 * every node agrees; a DTO only says what was true when it was made, and
 * clients re-evaluate it from `ackDueAt` as their clock runs.
 */
function toAssignmentDto(row: CaseRow, now = Date.now()): AssignmentDto | null {
  if (row.assignment_id === null || row.assigned_at === null || row.assignment_squad_id === null) return null;
  const ackDue = row.assigned_at.getTime() + ackTimeoutMs;
  return {
    id: row.assignment_id,
    squadId: row.assignment_squad_id,
    assignedAt: row.assigned_at.toISOString(),
    deliveredAt: row.delivered_at?.toISOString() ?? null,
    acknowledgedAt: row.acknowledged_at?.toISOString() ?? null,
    ackDueAt: new Date(ackDue).toISOString(),
    ackOverdue: row.acknowledged_at === null && row.status === 'dispatched' && now >= ackDue,
  };
}

/** Timestamps from json_agg carry the session's offset; the API speaks UTC ISO. */
export function toDeadlineDto(d: DeadlineJson): DeadlineDto {
  const iso = (value: string) => new Date(value).toISOString();
  return {
    id: d.id,
    stage: d.stage,
    startedAt: iso(d.startedAt),
    warnAt: iso(d.warnAt),
    dueAt: iso(d.dueAt),
    limit: d.limit,
    source: d.source,
    metAt: d.metAt === null ? null : iso(d.metAt),
    escalation: d.escalation,
  };
}

function highestStep(steps: (EscalationStep | null)[]): EscalationStep | null {
  let best = -1;
  for (const step of steps) if (step !== null) best = Math.max(best, ESCALATION_STEPS.indexOf(step));
  return best < 0 ? null : ESCALATION_STEPS[best]!;
}

function maskIf(value: string | null, mask: boolean, masker: (v: string) => string): string | null {
  return value === null || !mask ? value : masker(value);
}
