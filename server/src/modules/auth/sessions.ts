import { createHash, randomBytes } from 'node:crypto';
import type { Role, UserDto } from '@civic/shared';
import type { Queryable } from '../../db/pool.ts';

export interface AuthUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  squadId: number | null;
}

export const toUserDto = (user: AuthUser): UserDto => ({ ...user });

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

interface UserRow {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  squad_id: number | null;
}

const toAuthUser = (row: UserRow): AuthUser => ({
  id: row.id,
  username: row.username,
  displayName: row.display_name,
  role: row.role,
  squadId: row.squad_id,
});

export async function findUserForLogin(db: Queryable, username: string) {
  const { rows } = await db.query<UserRow & { password_hash: string }>(
    'SELECT id, username, display_name, role, squad_id, password_hash FROM users WHERE username = $1',
    [username],
  );
  const row = rows[0];
  return row ? { user: toAuthUser(row), passwordHash: row.password_hash } : undefined;
}

/** Issues an opaque bearer token; only its hash is stored. */
export async function createSession(db: Queryable, userId: number, ttlHours: number) {
  const token = randomBytes(32).toString('base64url');
  // Expired sessions are useless; clear this user's on each login so the table stays small.
  await db.query('DELETE FROM sessions WHERE user_id = $1 AND expires_at <= now()', [userId]);
  const { rows } = await db.query<{ expires_at: Date }>(
    `INSERT INTO sessions (token_hash, user_id, expires_at)
     VALUES ($1, $2, now() + make_interval(hours => $3))
     RETURNING expires_at`,
    [hashToken(token), userId, ttlHours],
  );
  return { token, expiresAt: rows[0]!.expires_at };
}

export async function findSessionUser(db: Queryable, token: string): Promise<AuthUser | undefined> {
  const { rows } = await db.query<UserRow>(
    `SELECT u.id, u.username, u.display_name, u.role, u.squad_id
       FROM sessions s JOIN users u ON u.id = s.user_id
      WHERE s.token_hash = $1 AND s.expires_at > now()`,
    [hashToken(token)],
  );
  return rows[0] ? toAuthUser(rows[0]) : undefined;
}

export async function deleteSession(db: Queryable, token: string): Promise<void> {
  await db.query('DELETE FROM sessions WHERE token_hash = $1', [hashToken(token)]);
}

/** The token from an `Authorization: Bearer …` header, if well-formed. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(header?.trim() ?? '');
  return match?.[1];
}
