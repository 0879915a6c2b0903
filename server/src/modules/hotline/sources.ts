import type { HotlineSourceDto } from '@civic/shared';
import type { Queryable } from '../../db/pool.ts';

/** A source as stored. The secret stays on the server: `toSourceDto` leaves it out. */
export interface SourceRow {
  id: number;
  code: string;
  name: string;
  secret: string;
  callback_url: string | null;
  active: boolean;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, code, name, secret, callback_url, active, created_at, updated_at';

export function toSourceDto(row: SourceRow): HotlineSourceDto {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    callbackUrl: row.callback_url,
    active: row.active,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export async function findActiveSourceByCode(db: Queryable, code: string): Promise<SourceRow | undefined> {
  const { rows } = await db.query<SourceRow>(`SELECT ${COLUMNS} FROM hotline_sources WHERE code = $1 AND active`, [
    code,
  ]);
  return rows[0];
}

export async function listSources(db: Queryable): Promise<SourceRow[]> {
  const { rows } = await db.query<SourceRow>(`SELECT ${COLUMNS} FROM hotline_sources ORDER BY code`);
  return rows;
}

/** Inserts a source; undefined when the code is taken. */
export async function insertSource(
  db: Queryable,
  source: { code: string; name: string; secret: string; callbackUrl: string | null; active: boolean },
): Promise<SourceRow | undefined> {
  const { rows } = await db.query<SourceRow>(
    `INSERT INTO hotline_sources (code, name, secret, callback_url, active) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT ON CONSTRAINT hotline_sources_code_key DO NOTHING
     RETURNING ${COLUMNS}`,
    [source.code, source.name, source.secret, source.callbackUrl, source.active],
  );
  return rows[0];
}

/** Changes the given fields (undefined: unchanged; a null callback URL removes it). */
export async function updateSource(
  db: Queryable,
  id: number,
  change: { name?: string; callbackUrl?: string | null; active?: boolean; secret?: string },
): Promise<SourceRow | undefined> {
  const { rows } = await db.query<SourceRow>(
    `UPDATE hotline_sources
        SET name = coalesce($2, name),
            callback_url = CASE WHEN $3::boolean THEN $4 ELSE callback_url END,
            active = coalesce($5, active),
            secret = coalesce($6, secret),
            updated_at = now()
      WHERE id = $1
      RETURNING ${COLUMNS}`,
    [
      id,
      change.name ?? null,
      change.callbackUrl !== undefined,
      change.callbackUrl ?? null,
      change.active ?? null,
      change.secret ?? null,
    ],
  );
  return rows[0];
}
