import pg from 'pg';
import {
  geometryProblems,
  zoneRuleProblems,
  type Crs,
  type ZoneDto,
  type ZoneImportError,
  type ZoneImportResult,
  type ZoneInput,
  type ZoneKind,
  type ZonesChangedEvent,
} from '@civic/shared';
import { withTransaction, type Pool, type Queryable } from '../../db/pool.ts';
import { HttpError, notFound, unprocessable } from '../../http/errors.ts';
import type { Realtime } from '../../plugins/realtime.ts';
import { gridOutline, replaceMerchantsInGrids } from './grid-owner.ts';
import { readZoneFeatures } from './import.ts';
import {
  deleteZone,
  findZone,
  findZoneByKindName,
  geometryInvalidity,
  insertZone,
  listZones,
  recordZoneEvent,
  squadExists,
  squadIdsByCode,
  toZoneDto,
  updateZone,
  zoneFacts,
  type ZoneWrite,
} from './repository.ts';

/**
 * Zones as admins edit them: each write is checked (the rules across fields,
 * then PostGIS for the polygon), committed with its zone_events row, and
 * then announced as `zones:changed` to every signed-in screen and phone.
 */
export class ZoneService {
  constructor(
    private readonly pool: Pool,
    private readonly realtime: Realtime | undefined,
    /** Where failures of the after-commit push go; they must not fail the request. */
    private readonly reportError: (error: unknown) => void = () => undefined,
  ) {}

  async list(kind?: ZoneKind): Promise<ZoneDto[]> {
    const now = new Date();
    return (await listZones(this.pool, kind)).map((row) => toZoneDto(row, now));
  }

  async get(id: number): Promise<ZoneDto> {
    const row = await findZone(this.pool, id);
    if (!row) throw notFound('Zone');
    return toZoneDto(row);
  }

  async create(input: ZoneInput, actorId: number): Promise<ZoneDto> {
    const zone = await this.#checked(input);
    const id = await withTransaction(this.pool, async (db) => {
      const created = await writeUniquely(() => insertZone(db, zone));
      await recordZoneEvent(db, { zoneId: created, action: 'created', ...names(zone), actorId, detail: source });
      if (zone.kind === 'grid') await replaceMerchantsInGrids(db, { zoneIds: [created], outlines: [] });
      return created;
    });
    this.#announce({ change: 'created', zoneIds: [id] });
    return this.get(id);
  }

  async update(id: number, input: ZoneInput, actorId: number): Promise<ZoneDto> {
    const zone = await this.#checked(input);
    await withTransaction(this.pool, async (db) => {
      const before = await findZone(db, id, true);
      if (!before) throw notFound('Zone');
      const outline = await gridOutline(db, id);
      await writeUniquely(() => updateZone(db, id, zone));
      await recordZoneEvent(db, {
        zoneId: id,
        action: 'updated',
        ...names(zone),
        actorId,
        detail: { ...source, before: zoneFacts(before) },
      });
      // Any change may move merchants: the outline, the period, the owner (which decides overlaps), the kind.
      if (outline !== null || zone.kind === 'grid') {
        await replaceMerchantsInGrids(db, { zoneIds: [id], outlines: outline === null ? [] : [outline] });
      }
    });
    this.#announce({ change: 'updated', zoneIds: [id] });
    return this.get(id);
  }

  async remove(id: number, actorId: number): Promise<void> {
    await withTransaction(this.pool, async (db) => {
      const outline = await gridOutline(db, id);
      const gone = await deleteZone(db, id);
      if (!gone) throw notFound('Zone');
      await recordZoneEvent(db, {
        zoneId: id,
        action: 'deleted',
        kind: gone.kind,
        name: gone.name,
        actorId,
        detail: { ...source, before: zoneFacts(gone) },
      });
      // Its merchants lost it (ON DELETE SET NULL); another grid overlapping there may take them.
      if (outline !== null) await replaceMerchantsInGrids(db, { zoneIds: [], outlines: [outline] });
    });
    this.#announce({ change: 'deleted', zoneIds: [id] });
  }

  /**
   * A GeoJSON FeatureCollection's features, each upserted by (kind, name):
   * a later feature of the same kind and name replaces an earlier one, so
   * importing a file twice changes nothing. One transaction, a savepoint per
   * feature: a feature PostGIS refuses is reported and the rest are kept.
   */
  async import(features: readonly unknown[], crs: Crs | undefined, actorId: number): Promise<ZoneImportResult> {
    const read = readZoneFeatures(features, crs);
    const errors: ZoneImportError[] = [...read.errors];
    const zoneIds: number[] = [];
    /** The grids written and their outlines before, for one re-placement of merchants at the end. */
    const grids = { zoneIds: [] as number[], outlines: [] as string[] };
    let created = 0;
    let updated = 0;
    await withTransaction(this.pool, async (db) => {
      const squads = await squadIdsByCode(db);
      for (const { row, properties, geometry } of read.features) {
        const code = properties.ownerSquadCode ?? null;
        const ownerSquadId = code === null ? null : (squads.get(code) ?? null);
        if (code !== null && ownerSquadId === null) {
          errors.push({ row, field: 'properties.ownerSquadCode', message: `No squad has the code ${code}` });
          continue;
        }
        const zone: ZoneWrite = {
          kind: properties.kind,
          name: properties.name,
          geometry,
          openingHours: properties.openingHours ?? [],
          startsAt: properties.startsAt ?? null,
          endsAt: properties.endsAt ?? null,
          notice: properties.notice ?? null,
          ownerSquadId,
        };
        await db.query('SAVEPOINT zone_feature');
        try {
          const reason = await geometryInvalidity(db, geometry);
          if (reason !== null) {
            errors.push({ row, field: 'geometry', message: invalidMessage(reason) });
            await db.query('RELEASE SAVEPOINT zone_feature');
            continue;
          }
          const written = await upsert(db, zone, actorId, row);
          await db.query('RELEASE SAVEPOINT zone_feature');
          zoneIds.push(written.id);
          if (zone.kind === 'grid') grids.zoneIds.push(written.id);
          if (written.outline !== null) grids.outlines.push(written.outline);
          if (written.created) created++;
          else updated++;
        } catch (error) {
          await db.query('ROLLBACK TO SAVEPOINT zone_feature');
          // Only what the data caused is the feature's fault; anything else fails the import.
          if (!(error instanceof pg.DatabaseError) || !error.code?.match(/^(22|23|XX)/)) throw error;
          errors.push({ row, field: 'geometry', message: `PostGIS could not store the feature: ${error.message}` });
        }
      }
      await replaceMerchantsInGrids(db, grids);
    });
    if (zoneIds.length > 0) this.#announce({ change: 'imported', zoneIds });
    errors.sort((a, b) => a.row - b.row);
    return { total: features.length, created, updated, failed: errors.length, errors, zoneIds };
  }

  /** The write a valid input makes; 422 naming the field for what the schema could not see. */
  async #checked(input: ZoneInput): Promise<ZoneWrite> {
    const ownerSquadId = input.ownerSquadId ?? null;
    const problem = [
      ...zoneRuleProblems(input, ownerSquadId === null ? undefined : 'ownerSquadId'),
      ...geometryProblems(input.geometry),
    ][0];
    if (problem) throw unprocessable(`body.${problem.field}`, problem.message);
    const reason = await geometryInvalidity(this.pool, input.geometry).catch((error: unknown) => {
      // A geometry PostGIS cannot read at all is the client's, not ours.
      if (error instanceof pg.DatabaseError) return `unreadable: ${error.message}`;
      throw error;
    });
    if (reason !== null) throw unprocessable('body.geometry', invalidMessage(reason));
    if (ownerSquadId !== null && !(await squadExists(this.pool, ownerSquadId))) {
      throw unprocessable('body.ownerSquadId', `Squad ${ownerSquadId} does not exist`);
    }
    return {
      kind: input.kind,
      name: input.name,
      geometry: input.geometry,
      openingHours: input.openingHours ?? [],
      startsAt: input.startsAt ?? null,
      endsAt: input.endsAt ?? null,
      notice: input.notice ?? null,
      ownerSquadId,
    };
  }

  #announce(change: ZonesChangedEvent): void {
    try {
      this.realtime?.toEveryone('zones:changed', change);
    } catch (error) {
      this.reportError(error);
    }
  }
}

const source = { source: 'editor' } as const;
const names = (zone: ZoneWrite) => ({ kind: zone.kind, name: zone.name });

function invalidMessage(reason: string): string {
  return `The polygon is not valid (${reason}): rings must not cross themselves or each other`;
}

/** 409 naming the field when another zone of the same kind already has the name. */
async function writeUniquely<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof pg.DatabaseError && error.code === '23505' && error.constraint === 'zones_kind_name_key') {
      throw new HttpError(409, 'Another zone of this kind already has this name', {
        field: 'body.name',
        code: 'duplicate_zone',
      });
    }
    throw error;
  }
}

async function upsert(
  db: Queryable,
  zone: ZoneWrite,
  actorId: number,
  row: number,
): Promise<{ id: number; created: boolean; outline: string | null }> {
  const before = await findZoneByKindName(db, zone.kind, zone.name);
  const detail = { source: 'import', row };
  if (before) {
    const outline = await gridOutline(db, before.id);
    await updateZone(db, before.id, zone);
    await recordZoneEvent(db, {
      zoneId: before.id,
      action: 'updated',
      ...names(zone),
      actorId,
      detail: { ...detail, before: zoneFacts(before) },
    });
    return { id: before.id, created: false, outline };
  }
  const id = await insertZone(db, zone);
  await recordZoneEvent(db, { zoneId: id, action: 'created', ...names(zone), actorId, detail });
  return { id, created: true, outline: null };
}
