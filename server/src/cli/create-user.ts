/**
 * Creates a login in DATABASE_URL — how a real deployment (no demo seed)
 * gets its first admin and its people.
 *
 *   DATABASE_URL=postgres://… npm run create-user -- --username admin --role admin --name 管理员
 *   DATABASE_URL=postgres://… npm run create-user -- --username sq01 --role squad_member --squad SQ01 --name 张三
 *
 * The password is read from standard input (one line), so it never appears
 * in the shell history or the process list.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { ROLES, type Role } from '@civic/shared';
import { createPool } from '../db/pool.ts';
import { hashPassword } from '../modules/auth/passwords.ts';

function fail(reason: string): never {
  console.error(`create-user: ${reason}`);
  process.exit(1);
}

async function readPassword(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('Password: ');
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    lines.close();
    return line;
  }
  return '';
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      username: { type: 'string' },
      role: { type: 'string' },
      name: { type: 'string' },
      squad: { type: 'string' },
    },
    strict: true,
  });
  const databaseUrl = process.env.DATABASE_URL ?? fail('DATABASE_URL is not set');
  const username = values.username ?? fail('--username is required');
  const role = values.role as Role | undefined;
  if (!role || !ROLES.includes(role)) fail(`--role must be one of ${ROLES.join(', ')}`);
  if ((role === 'squad_member') !== (values.squad !== undefined)) {
    fail('--squad <code> is required for a squad_member and allowed only for one');
  }
  const password = await readPassword();
  if (password.length < 8) fail('the password must have at least 8 characters');

  const pool = createPool(databaseUrl, 1);
  try {
    const { rows } = await pool.query<{ id: number }>(
      `INSERT INTO users (username, display_name, password_hash, role, squad_id)
       VALUES ($1, $2, $3, $4, (SELECT id FROM squads WHERE code = $5))
       RETURNING id`,
      [username, values.name ?? username, await hashPassword(password), role, values.squad ?? null],
    );
    console.log(`create-user: ${username} (${role}) created with id ${rows[0]!.id}`);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (message.includes('users_username_key')) fail(`${username} already exists`);
    if (message.includes('users_squad_member_has_squad')) fail(`no squad with code ${values.squad}`);
    fail(message);
  } finally {
    await pool.end();
  }
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
