import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../../db/pool.ts';

/**
 * Open311 API keys: one per client (an app, a partner platform). The key is
 * 256 random bits, shown once; the table keeps its SHA-256, which is enough
 * to find it again and useless to anyone who reads the table.
 */

/** Says what the secret is for when it turns up in a config file or a log. */
const KEY_PREFIX = 'o311_';

export function generateKey(): string {
  return `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
}

export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export interface KeyRow {
  id: number;
  name: string;
  active: boolean;
  rate_limit_per_minute: number;
  created_at: Date;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

const COLUMNS = 'id, name, active, rate_limit_per_minute, created_at, revoked_at, last_used_at';

export async function insertKey(
  db: Queryable,
  key: { name: string; hash: string; rateLimitPerMinute: number; createdBy: number },
): Promise<KeyRow> {
  const { rows } = await db.query<KeyRow>(
    `INSERT INTO open311_keys (name, key_hash, rate_limit_per_minute, created_by) VALUES ($1, $2, $3, $4)
     RETURNING ${COLUMNS}`,
    [key.name, key.hash, key.rateLimitPerMinute, key.createdBy],
  );
  return rows[0]!;
}

export async function listKeys(db: Queryable): Promise<KeyRow[]> {
  const { rows } = await db.query<KeyRow>(`SELECT ${COLUMNS} FROM open311_keys ORDER BY id`);
  return rows;
}

/** Revokes a key for good (a second revoke changes nothing); undefined when there is no such key. */
export async function revokeKey(db: Queryable, id: number): Promise<KeyRow | undefined> {
  const { rows } = await db.query<KeyRow>(
    `UPDATE open311_keys SET active = false, revoked_at = coalesce(revoked_at, now())
      WHERE id = $1
      RETURNING ${COLUMNS}`,
    [id],
  );
  return rows[0];
}

/** The active key with this hash, marked as used now; undefined for an unknown or revoked key. */
export async function useActiveKey(db: Queryable, hash: string): Promise<KeyRow | undefined> {
  const { rows } = await db.query<KeyRow>(
    `UPDATE open311_keys SET last_used_at = now() WHERE key_hash = $1 AND active RETURNING ${COLUMNS}`,
    [hash],
  );
  return rows[0];
}
