import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Role } from '@civic/shared';
import { forbidden, unauthorized } from '../http/errors.ts';
import { bearerToken, findSessionUser, type AuthUser } from '../modules/auth/sessions.ts';
import type { Queryable } from '../db/pool.ts';

/**
 * Who may call a route. Every /api route must declare it in
 * `config.access`; a route without one fails at start-up, so no route can
 * be left open by omission.
 */
export type Access = 'public' | 'authenticated' | readonly Role[];

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    /** The logged-in user; set on every route whose access is not 'public'. */
    user: AuthUser | null;
  }
}

export function registerAuth(app: FastifyInstance, db: Queryable): void {
  app.decorateRequest('user', null);

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') || route.url.startsWith('/api/docs')) return;
    const access = route.config?.access;
    if (access === undefined) {
      throw new Error(`Route ${route.method.toString()} ${route.url} declares no config.access`);
    }
  });

  app.addHook('onRequest', async (request: FastifyRequest) => {
    const access = request.routeOptions.config.access;
    if (access === undefined || access === 'public') return;
    const token = bearerToken(request.headers.authorization);
    const user = token ? await findSessionUser(db, token) : undefined;
    if (!user) throw unauthorized();
    request.user = user;
    if (access !== 'authenticated' && !access.includes(user.role)) {
      throw forbidden(`This action needs one of the roles: ${access.join(', ')}`);
    }
  });
}

/** The authenticated user of a non-public route. */
export function currentUser(request: FastifyRequest): AuthUser {
  if (!request.user) throw unauthorized();
  return request.user;
}
