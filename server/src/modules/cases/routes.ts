import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  ASSIGNING_ROLES,
  AssignBody,
  CaseDto,
  CaseListQuery,
  CreateCaseBody,
  FILING_ROLES,
  LngLat,
  LOCATING_ROLES,
  Recommendation,
} from '@civic/shared';
import { errors, IdParams } from '../../http/schemas.ts';
import { currentUser } from '../../plugins/auth.ts';
import type { SquadService } from '../squads/service.ts';
import { conflict } from '../../http/errors.ts';
import type { CaseService } from './service.ts';

export const caseRoutes =
  (cases: CaseService, squads: SquadService): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/api/cases',
      {
        config: { access: FILING_ROLES },
        schema: {
          tags: ['cases'],
          summary: 'File a complaint from any channel, with a WGS-84 point or a free-text address',
          body: CreateCaseBody,
          response: { 201: CaseDto, ...errors(400, 401, 403, 422) },
        },
      },
      async (request, reply) => reply.status(201).send(await cases.create(request.body, currentUser(request))),
    );

    app.get(
      '/api/cases',
      {
        config: { access: 'authenticated' },
        schema: {
          tags: ['cases'],
          summary: 'List cases, newest first (a squad member sees only its squad’s cases)',
          querystring: CaseListQuery,
          response: { 200: Type.Array(CaseDto), ...errors(400, 401) },
        },
      },
      async (request) => cases.list(request.query, currentUser(request)),
    );

    app.get(
      '/api/cases/:id',
      {
        config: { access: 'authenticated' },
        schema: { tags: ['cases'], params: IdParams, response: { 200: CaseDto, ...errors(400, 401, 404) } },
      },
      async (request) => cases.get(request.params.id, currentUser(request)),
    );

    app.put(
      '/api/cases/:id/location',
      {
        config: { access: LOCATING_ROLES },
        schema: {
          tags: ['cases'],
          summary: 'Place the case on the map by hand (WGS-84), before it is dispatched',
          params: IdParams,
          body: LngLat,
          response: { 200: CaseDto, ...errors(400, 401, 403, 404, 409) },
        },
      },
      async (request) => cases.locate(request.params.id, request.body, currentUser(request)),
    );

    app.get(
      '/api/cases/:id/recommendations',
      {
        config: { access: ASSIGNING_ROLES },
        schema: {
          tags: ['dispatch'],
          summary: 'Nearest dispatchable squads, ranked by true distance in metres',
          params: IdParams,
          querystring: Type.Object(
            { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 5 })) },
            { additionalProperties: false },
          ),
          response: { 200: Type.Array(Recommendation), ...errors(400, 401, 403, 404, 409) },
        },
      },
      async (request) => {
        const found = await cases.get(request.params.id, currentUser(request));
        if (!found.location) throw conflict('needs_location', `Case ${found.caseNo} has no location yet`);
        return squads.recommend(found.location, request.query.limit ?? 5);
      },
    );

    app.post(
      '/api/cases/:id/assignments',
      {
        config: { access: ASSIGNING_ROLES },
        schema: {
          tags: ['dispatch'],
          summary: 'Assign a squad; the loser of a race between two dispatchers gets 409',
          params: IdParams,
          body: AssignBody,
          response: { 201: CaseDto, ...errors(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await cases.assign(request.params.id, request.body.squadId, currentUser(request))),
    );

    app.post(
      '/api/cases/:id/accept',
      {
        config: { access: ['squad_member', 'admin'] },
        schema: { tags: ['squad'], params: IdParams, response: { 200: CaseDto, ...errors(400, 401, 403, 404, 409) } },
      },
      async (request) => cases.accept(request.params.id, currentUser(request)),
    );

    app.post(
      '/api/cases/:id/dispose',
      {
        config: { access: ['squad_member', 'admin'] },
        schema: {
          tags: ['squad'],
          summary: 'Report the problem dealt with (处置完毕)',
          params: IdParams,
          body: Type.Object({ note: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false }),
          response: { 200: CaseDto, ...errors(400, 401, 403, 404, 409) },
        },
      },
      async (request) => cases.dispose(request.params.id, request.body.note, currentUser(request)),
    );
  };
