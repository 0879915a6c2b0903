import type { SquadTrack } from '@civic/shared';
import type { Queryable } from '../../db/pool.ts';

/** The most points one track answer carries; a busy week of one squad is well under it. */
export const MAX_TRACK_POINTS = 20_000;
/** The longest period one track request may ask for. */
export const MAX_TRACK_SPAN_MS = 7 * 24 * 3600_000;

interface TrackRow {
  lng: number;
  lat: number;
  at: Date;
  accuracy_m: number | null;
}

/** A squad's kept track points in [from, to], oldest first, as a GeoJSON Feature. */
export async function readTrack(db: Queryable, squadId: number, from: Date, to: Date): Promise<SquadTrack> {
  const { rows } = await db.query<TrackRow>(
    `SELECT ST_X(position::geometry) AS lng, ST_Y(position::geometry) AS lat, at, accuracy_m
       FROM squad_track_points
      WHERE squad_id = $1 AND at >= $2 AND at <= $3
      ORDER BY at
      LIMIT $4`,
    [squadId, from, to, MAX_TRACK_POINTS + 1],
  );
  const truncated = rows.length > MAX_TRACK_POINTS;
  const points = truncated ? rows.slice(0, MAX_TRACK_POINTS) : rows;
  const coordinates = points.map((row): [number, number] => [row.lng, row.lat]);
  return {
    type: 'Feature',
    geometry:
      coordinates.length >= 2
        ? { type: 'LineString', coordinates }
        : coordinates[0]
          ? { type: 'Point', coordinates: coordinates[0] }
          : null,
    properties: {
      squadId,
      from: from.toISOString(),
      to: to.toISOString(),
      times: points.map((row) => row.at.toISOString()),
      accuracyM: points.map((row) => row.accuracy_m),
      truncated,
    },
  };
}

/**
 * Deletes track points older than the retention, a slice at a time so that no
 * statement runs long (the embedded database has one connection for everything).
 * Every node runs it; two at once only share the work.
 */
export async function pruneTrack(db: Queryable, retentionDays: number, slice = 10_000): Promise<number> {
  let deleted = 0;
  for (;;) {
    const { rowCount } = await db.query(
      `DELETE FROM squad_track_points
        WHERE ctid = ANY (ARRAY(
          SELECT ctid FROM squad_track_points WHERE at < now() - make_interval(days => $1) LIMIT $2))`,
      [retentionDays, slice],
    );
    deleted += rowCount ?? 0;
    if ((rowCount ?? 0) < slice) return deleted;
  }
}

/** Prunes the track a minute after start, then every `intervalMs` (an hour by default). */
export class TrackRetention {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<unknown> | undefined;

  constructor(
    private readonly db: Queryable,
    private readonly options: { retentionDays: number; intervalMs?: number; reportError: (error: unknown) => void },
  ) {}

  start(): void {
    if (this.#timer) return;
    // Not at once: start-up has enough to do, and a node restarting in a loop must not prune in a loop.
    this.#timer = setTimeout(() => {
      this.#run();
      this.#timer = setInterval(() => this.#run(), this.options.intervalMs ?? 3600_000);
      this.#timer.unref();
    }, 60_000);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearTimeout(this.#timer);
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }

  #run(): void {
    if (this.#running) return;
    this.#running = pruneTrack(this.db, this.options.retentionDays)
      .catch(this.options.reportError)
      .finally(() => (this.#running = undefined));
  }
}
