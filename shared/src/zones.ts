import { Type, type Static } from 'typebox';

/**
 * Zones drawn over the district (docs/merchants.md, "Zones"): designated
 * vending points and night markets (疏导点, 夜市经营区域) with opening hours,
 * temporary control areas for events (庙会) with a start and an end,
 * responsibility grids (网格) each owned by a squad, and the pilot area the
 * bureau reports its one-card-four-colours KPIs on.
 */
export const ZONE_KINDS = ['vending', 'night_market', 'control', 'grid', 'pilot'] as const;
export type ZoneKind = (typeof ZONE_KINDS)[number];
export const ZoneKind = Type.Enum(ZONE_KINDS);

/** Where trading in hours is allowed: a street-occupation complaint inside one, open, is likely permitted. */
export const PERMITTING_ZONE_KINDS: readonly ZoneKind[] = ['vending', 'night_market'];

/** Kinds that open and close by the clock; a grid or the pilot area is always in force. */
export const HOURS_ZONE_KINDS: readonly ZoneKind[] = ['vending', 'night_market', 'control'];

/**
 * Categories a designated zone can permit: 占道经营 and 流动摊贩 (the vendor
 * trading on the pavement is exactly what a 疏导点 allows). Not 店外经营
 * (a shop spilling out of its door is never made legal by a vending point),
 * nor 夜市超时超范围经营, which is by definition outside the hours or the area.
 * A sub-category an administrator adds under one of these counts too (the
 * server matches the parent code).
 */
export const PERMITTABLE_CATEGORY_CODES: readonly string[] = ['0201', '0203'];

/** Asia/Shanghai is UTC+08:00 all year (no daylight saving since 1991), so a fixed offset is exact. */
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength });
const DateTime = Type.String({ format: 'date-time' });

/**
 * One rule of a zone's opening hours, local time (Asia/Shanghai). `days` are
 * ISO weekdays (1 = Monday … 7 = Sunday) on which the period starts. An `end`
 * at or before `start` runs past midnight: 18:00–02:00 on Friday is open until
 * 02:00 on Saturday morning. `end` may be 24:00.
 */
export const OpeningHours = Type.Object(
  {
    days: Type.Array(Type.Integer({ minimum: 1, maximum: 7 }), { minItems: 1, maxItems: 7, uniqueItems: true }),
    start: Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'HH:MM, 00:00–23:59' }),
    end: Type.String({ pattern: '^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$', description: 'HH:MM, 00:01–24:00' }),
  },
  { additionalProperties: false },
);
export type OpeningHours = Static<typeof OpeningHours>;

/** [lng, lat] in WGS-84; a third number (altitude, as some GIS tools write) is accepted and dropped. */
const Position = Type.Array(Type.Number(), { minItems: 2, maxItems: 3 });
/** A closed ring: at least four positions, the last equal to the first. */
const Ring = Type.Array(Position, { minItems: 4, maxItems: 20_000 });
const PolygonRings = Type.Array(Ring, { minItems: 1, maxItems: 100 });

export const ZonePolygon = Type.Object(
  { type: Type.Literal('Polygon'), coordinates: PolygonRings },
  { additionalProperties: false },
);
export const ZoneMultiPolygon = Type.Object(
  { type: Type.Literal('MultiPolygon'), coordinates: Type.Array(PolygonRings, { minItems: 1, maxItems: 500 }) },
  { additionalProperties: false },
);
export type ZoneMultiPolygon = Static<typeof ZoneMultiPolygon>;
/** What a client may send: a Polygon or a MultiPolygon, WGS-84. Stored (and answered) as a MultiPolygon. */
export const ZoneGeometry = Type.Union([ZonePolygon, ZoneMultiPolygon]);
export type ZoneGeometry = Static<typeof ZoneGeometry>;

export const ZoneDto = Type.Object({
  id: Type.Integer(),
  kind: ZoneKind,
  name: Type.String(),
  geometry: ZoneMultiPolygon,
  /** Empty: no hours (always open, within the period if any). */
  openingHours: Type.Array(OpeningHours),
  startsAt: Nullable(DateTime),
  endsAt: Nullable(DateTime),
  /** The public notice of a control area (or any note the bureau publishes with a zone). */
  notice: Nullable(Type.String()),
  /** A grid's owning squad. */
  ownerSquad: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })),
  /** In its period and, if it has hours, open: at the time of the answer. */
  activeNow: Type.Boolean(),
  updatedAt: DateTime,
});
export type ZoneDto = Static<typeof ZoneDto>;

/** POST /api/zones and PUT /api/zones/:id (the whole zone). See zoneRuleProblems for the rules across fields. */
export const ZoneInput = Type.Object(
  {
    kind: ZoneKind,
    name: Text(100),
    geometry: ZoneGeometry,
    openingHours: Type.Optional(Type.Array(OpeningHours, { maxItems: 21 })),
    startsAt: Type.Optional(Nullable(DateTime)),
    endsAt: Type.Optional(Nullable(DateTime)),
    notice: Type.Optional(Nullable(Text(2000))),
    /** Only a grid has an owner. */
    ownerSquadId: Type.Optional(Nullable(Id)),
  },
  { additionalProperties: false },
);
export type ZoneInput = Static<typeof ZoneInput>;

export const ZoneQuery = Type.Object({ kind: Type.Optional(ZoneKind) }, { additionalProperties: false });
export type ZoneQuery = Static<typeof ZoneQuery>;

/**
 * The properties of one feature of a GeoJSON import (POST /api/zones/import):
 * a squad is named by its code, since ids differ between deployments.
 */
export const ZoneImportProperties = Type.Object({
  kind: ZoneKind,
  name: Text(100),
  openingHours: Type.Optional(Nullable(Type.Array(OpeningHours, { maxItems: 21 }))),
  startsAt: Type.Optional(Nullable(DateTime)),
  endsAt: Type.Optional(Nullable(DateTime)),
  notice: Type.Optional(Nullable(Text(2000))),
  ownerSquadCode: Type.Optional(Nullable(Text(32))),
});
export type ZoneImportProperties = Static<typeof ZoneImportProperties>;

/** A feature the import could not take: its position in the file (from 1), the field and why. */
export const ZoneImportError = Type.Object({
  row: Type.Integer(),
  field: Type.String(),
  message: Type.String(),
});
export type ZoneImportError = Static<typeof ZoneImportError>;

export const ZoneImportResult = Type.Object({
  /** Features in the file. */
  total: Type.Integer(),
  created: Type.Integer(),
  /** Replaced a zone of the same kind and name. */
  updated: Type.Integer(),
  failed: Type.Integer(),
  /** Every feature that failed; the others were kept. */
  errors: Type.Array(ZoneImportError),
  /** The zones written, in file order. */
  zoneIds: Type.Array(Type.Integer()),
});
export type ZoneImportResult = Static<typeof ZoneImportResult>;

/** `zones:changed` on the socket: clients reload GET /api/zones (the REST answer is the truth). */
export const ZonesChangedEvent = Type.Object({
  change: Type.Enum(['created', 'updated', 'deleted', 'imported'] as const),
  zoneIds: Type.Array(Type.Integer()),
});
export type ZonesChangedEvent = Static<typeof ZonesChangedEvent>;

/** A problem with a zone the schema alone cannot see; `field` is relative to the zone ('endsAt', 'geometry.coordinates.0.0'). */
export interface ZoneProblem {
  field: string;
  message: string;
}

/** The timing fields a zone's state depends on. Instants as ISO strings. */
export interface ZoneTiming {
  openingHours: readonly OpeningHours[];
  startsAt: string | null;
  endsAt: string | null;
}

const minutesOf = (clock: string): number => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

/**
 * Where a zone stands at an instant: before its period ('upcoming'), after
 * it ('ended'), in it and open ('open'), or in it but outside its hours
 * ('closed'). A zone with no period and no hours is always open.
 */
export function zonePhaseAt(zone: ZoneTiming, at: Date): 'upcoming' | 'open' | 'closed' | 'ended' {
  const time = at.getTime();
  if (zone.startsAt !== null && time < Date.parse(zone.startsAt)) return 'upcoming';
  if (zone.endsAt !== null && time >= Date.parse(zone.endsAt)) return 'ended';
  if (zone.openingHours.length === 0) return 'open';
  const local = new Date(time + SHANGHAI_OFFSET_MS);
  const day = local.getUTCDay() === 0 ? 7 : local.getUTCDay();
  const yesterday = day === 1 ? 7 : day - 1;
  const minute = local.getUTCHours() * 60 + local.getUTCMinutes();
  const open = zone.openingHours.some(({ days, start, end }) => {
    const from = minutesOf(start);
    const to = minutesOf(end);
    if (from < to) return days.includes(day) && minute >= from && minute < to;
    // Past midnight: the small hours belong to the previous day's evening.
    return (days.includes(day) && minute >= from) || (days.includes(yesterday) && minute < to);
  });
  return open ? 'open' : 'closed';
}

/** In its period and, if it has hours, open at `at` (Asia/Shanghai local time; end exclusive). */
export function isZoneOpenAt(zone: ZoneTiming, at: Date): boolean {
  return zonePhaseAt(zone, at) === 'open';
}

/**
 * The rules across a zone's fields: hours only where a zone opens and
 * closes, a start differing from its end, a control area's period given
 * and in order, an owner only on a grid. `ownerField` names the owner field
 * when one is set (ownerSquadId, or ownerSquadCode in an import).
 */
export function zoneRuleProblems(
  zone: {
    kind: ZoneKind;
    openingHours?: readonly OpeningHours[] | null;
    startsAt?: string | null;
    endsAt?: string | null;
  },
  ownerField?: string,
): ZoneProblem[] {
  const problems: ZoneProblem[] = [];
  const hours = zone.openingHours ?? [];
  if (hours.length > 0 && !HOURS_ZONE_KINDS.includes(zone.kind)) {
    problems.push({ field: 'openingHours', message: `A ${zone.kind} zone has no opening hours` });
  }
  hours.forEach((rule, index) => {
    if (rule.start === rule.end) {
      problems.push({ field: `openingHours.${index}.end`, message: 'The end must differ from the start' });
    }
  });
  if (zone.kind === 'control') {
    if (!zone.startsAt) problems.push({ field: 'startsAt', message: 'A control area needs a start' });
    if (!zone.endsAt) problems.push({ field: 'endsAt', message: 'A control area needs an end' });
  }
  if (zone.startsAt && zone.endsAt && !(Date.parse(zone.startsAt) < Date.parse(zone.endsAt))) {
    problems.push({ field: 'endsAt', message: 'The end must be after the start' });
  }
  if (ownerField && zone.kind !== 'grid') {
    problems.push({ field: ownerField, message: 'Only a responsibility grid has an owning squad' });
  }
  return problems;
}

/**
 * What the schema cannot check of a polygon: coordinates in range and each
 * ring closed. Self-intersections and the like are PostGIS's to find
 * (ST_IsValid), on the server.
 */
export function geometryProblems(geometry: ZoneGeometry): ZoneProblem[] {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const prefix = (polygon: number, ring: number) =>
    geometry.type === 'Polygon' ? `geometry.coordinates.${ring}` : `geometry.coordinates.${polygon}.${ring}`;
  for (const [p, rings] of polygons.entries()) {
    for (const [r, ring] of rings.entries()) {
      const bad = ring.findIndex(
        ([lng, lat]) => !Number.isFinite(lng) || !Number.isFinite(lat) || Math.abs(lng!) > 180 || Math.abs(lat!) > 90,
      );
      if (bad >= 0) {
        return [{ field: `${prefix(p, r)}.${bad}`, message: 'A position must be [lng, lat] in WGS-84 degrees' }];
      }
      const first = ring[0]!;
      const last = ring[ring.length - 1]!;
      if (first[0] !== last[0] || first[1] !== last[1]) {
        return [{ field: prefix(p, r), message: 'A ring must end where it starts' }];
      }
    }
  }
  return [];
}

/** A Polygon as the MultiPolygon it is stored as; 2-D positions only. */
export function toMultiPolygon(geometry: ZoneGeometry): ZoneMultiPolygon {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  return {
    type: 'MultiPolygon',
    coordinates: polygons.map((rings) => rings.map((ring) => ring.map(([lng, lat]) => [lng!, lat!]))),
  };
}
