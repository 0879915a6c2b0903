import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { PositionFix, SquadDto, SquadStatusBody, SquadTrack, TRACK_ROLES, TrackQuery } from '@civic/shared';
import { errors, IdParams } from '../../http/schemas.ts';
import { forbidden } from '../../http/errors.ts';
import { currentUser } from '../../plugins/auth.ts';
import type { AuthUser } from '../auth/sessions.ts';
import type { SquadService } from './service.ts';

/** A squad member acts only for its own squad; dispatch roles and admins for any. */
function assertActsFor(user: AuthUser, squadId: number): void {
  if (user.role === 'squad_member' && user.squadId !== squadId) {
    throw forbidden('A squad member can act only for its own squad');
  }
}

export const squadRoutes =
  (squads: SquadService): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/api/squads',
      {
        config: { access: 'authenticated' },
        schema: {
          tags: ['squads'],
          summary: 'Squads with live position and status (a squad member sees only its own)',
          response: { 200: Type.Array(SquadDto), ...errors(401) },
        },
      },
      async (request) => {
        const user = currentUser(request);
        return squads.list(user.role === 'squad_member' ? user.squadId : null);
      },
    );

    app.put(
      '/api/squads/:id/status',
      {
        // The phone queues a status change offline and may send it more than once.
        config: { access: ['squad_member', 'dispatcher', 'supervisor', 'admin'], idempotent: true },
        schema: {
          tags: ['squads'],
          params: IdParams,
          body: SquadStatusBody,
          response: { 200: SquadDto, ...errors(400, 401, 403, 404) },
        },
      },
      async (request) => {
        const user = currentUser(request);
        assertActsFor(user, request.params.id);
        return squads.setStatus(request.params.id, request.body.status, user.id);
      },
    );

    app.post(
      '/api/squads/:id/position',
      {
        config: { access: ['squad_member', 'admin'] },
        schema: {
          tags: ['squads'],
          summary:
            'Report a squad position (WGS-84) with its fix time and accuracy; a fix older than the current one is ignored',
          params: IdParams,
          body: PositionFix,
          response: { 204: Type.Null(), ...errors(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        assertActsFor(currentUser(request), request.params.id);
        await squads.updatePosition(request.params.id, request.body);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/api/squads/:id/track',
      {
        config: { access: TRACK_ROLES },
        schema: {
          tags: ['squads'],
          summary: "A squad's downsampled track over a period (at most 7 days), as a GeoJSON Feature with times",
          params: IdParams,
          querystring: TrackQuery,
          response: { 200: SquadTrack, ...errors(400, 401, 403, 404) },
        },
      },
      async (request) => squads.track(request.params.id, request.query),
    );
  };
