import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { LoginBody, LoginResult, UserDto } from '@civic/shared';
import type { Pool } from '../../db/pool.ts';
import { unauthorized } from '../../http/errors.ts';
import { errors } from '../../http/schemas.ts';
import { currentUser } from '../../plugins/auth.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { bearerToken, createSession, deleteSession, findUserForLogin, toUserDto } from './sessions.ts';

// Verifying against a real hash when the user does not exist keeps the
// answer time the same, so usernames cannot be probed by timing.
const dummyHash = hashPassword('not-a-real-password');

export const authRoutes =
  (pool: Pool, sessionTtlHours: number): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/api/auth/login',
      {
        config: {
          access: 'public',
          // Password guessing: 10 tries a minute per address and username.
          // preHandler, so the (validated) username is part of the key.
          rateLimit: {
            max: 10,
            timeWindow: '1 minute',
            hook: 'preHandler',
            keyGenerator: (request) => `${request.ip}|${(request.body as LoginBody | undefined)?.username ?? ''}`,
          },
        },
        schema: { tags: ['auth'], body: LoginBody, response: { 200: LoginResult, ...errors(400, 401, 429) } },
      },
      async (request) => {
        const found = await findUserForLogin(pool, request.body.username);
        const ok = await verifyPassword(found?.passwordHash ?? (await dummyHash), request.body.password);
        if (!found || !ok) throw unauthorized('Wrong username or password');
        const session = await createSession(pool, found.user.id, sessionTtlHours);
        return { token: session.token, expiresAt: session.expiresAt.toISOString(), user: toUserDto(found.user) };
      },
    );

    app.post(
      '/api/auth/logout',
      {
        config: { access: 'authenticated' },
        schema: { tags: ['auth'], response: { 204: Type.Null(), ...errors(401) } },
      },
      async (request, reply) => {
        const token = bearerToken(request.headers.authorization);
        if (token) await deleteSession(pool, token);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/api/me',
      {
        config: { access: 'authenticated' },
        schema: { tags: ['auth'], response: { 200: UserDto, ...errors(401) } },
      },
      async (request) => toUserDto(currentUser(request)),
    );
  };
