import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Static, TSchema } from 'typebox';
import {
  actionRoles,
  ASSIGNING_ROLES,
  AssignBody,
  CASE_ACTION_PATHS,
  CaseDto,
  CaseTimeline,
  CloseBody,
  CommentBody,
  DisposeBody,
  ExtensionRequestBody,
  FeedbackBody,
  FollowUpBody,
  MergeBody,
  ReasonBody,
  type CaseActionName,
  CaseListQuery,
  CreateCaseBody,
  Crs,
  CrsQuery,
  FILING_ROLES,
  LinkMerchantBody,
  LngLat,
  LOCATING_ROLES,
  Recommendation,
} from '@civic/shared';
import type { Pool } from '../../db/pool.ts';
import type { AuthUser } from '../auth/sessions.ts';
import { errors, IdParams } from '../../http/schemas.ts';
import { currentUser } from '../../plugins/auth.ts';
import type { SquadService } from '../squads/service.ts';
import { conflict } from '../../http/errors.ts';
import type { CaseService } from './service.ts';
import { timeline } from './timeline.ts';
import { fromWgs84OrNull, toWgs84 } from '../geo/crs.ts';

/** A case as a client asked for it: its location in the client's coordinate system. */
const inCrs = (dto: CaseDto, crs: Crs | undefined): CaseDto =>
  crs && crs !== 'wgs84' ? { ...dto, location: fromWgs84OrNull(dto.location, crs) } : dto;

const CaseListQueryWithCrs = Type.Object(
  { ...CaseListQuery.properties, crs: Type.Optional(Crs) },
  { additionalProperties: false },
);

/** 改派 takes the new squad and, optionally, why. */
const ReassignBody = Type.Object(
  { squadId: Type.Integer({ minimum: 1 }), reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })) },
  { additionalProperties: false },
);

export const caseRoutes =
  (pool: Pool, cases: CaseService, squads: SquadService): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/api/cases',
      {
        config: { access: FILING_ROLES },
        schema: {
          tags: ['cases'],
          summary:
            'File a complaint from any channel, with a point (WGS-84, or the `crs` named: the answer uses it too) or a free-text address',
          body: CreateCaseBody,
          response: { 201: CaseDto, ...errors(400, 401, 403, 422) },
        },
      },
      async (request, reply) => {
        const { crs, ...body } = request.body;
        const input = body.location ? { ...body, location: toWgs84(body.location, crs) } : body;
        const filed = await cases.create(input, currentUser(request), request.idempotencyClaim?.key);
        return reply.status(201).send(inCrs(filed, crs));
      },
    );

    app.get(
      '/api/cases',
      {
        config: { access: 'authenticated' },
        schema: {
          tags: ['cases'],
          summary:
            'List cases, newest first (a squad member sees only its squad’s cases); `crs` for locations in GCJ-02/BD-09',
          querystring: CaseListQueryWithCrs,
          response: { 200: Type.Array(CaseDto), ...errors(400, 401) },
        },
      },
      async (request) => {
        const { crs, ...query } = request.query;
        return (await cases.list(query, currentUser(request))).map((dto) => inCrs(dto, crs));
      },
    );

    app.get(
      '/api/cases/:id',
      {
        config: { access: 'authenticated' },
        schema: {
          tags: ['cases'],
          params: IdParams,
          querystring: CrsQuery,
          response: { 200: CaseDto, ...errors(400, 401, 404) },
        },
      },
      async (request) => inCrs(await cases.get(request.params.id, currentUser(request)), request.query.crs),
    );

    app.put(
      '/api/cases/:id/location',
      {
        config: { access: LOCATING_ROLES },
        schema: {
          tags: ['cases'],
          summary:
            'Place the case on the map by hand, before it is dispatched (WGS-84, or the `crs` named: the answer uses it too)',
          params: IdParams,
          querystring: CrsQuery,
          body: LngLat,
          response: { 200: CaseDto, ...errors(400, 401, 403, 404, 409) },
        },
      },
      async (request) => {
        const { crs } = request.query;
        return inCrs(await cases.locate(request.params.id, toWgs84(request.body, crs), currentUser(request)), crs);
      },
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

    const action = <B extends TSchema | undefined>(
      name: CaseActionName,
      summary: string,
      body: B,
      run: (id: number, body: B extends TSchema ? Static<B> : undefined, user: AuthUser) => Promise<CaseDto>,
    ) =>
      app.post(
        `/api/cases/:id/${CASE_ACTION_PATHS[name]}`,
        {
          config: { access: actionRoles(name) },
          schema: {
            tags: ['lifecycle'],
            summary,
            params: IdParams,
            ...(body ? { body } : {}),
            response: { 200: CaseDto, ...errors(400, 401, 403, 404, 409, 422) },
          },
        },
        async (request) =>
          run(request.params.id, request.body as B extends TSchema ? Static<B> : undefined, currentUser(request)),
      );

    action('register', 'Register the complaint as a case (立案)', undefined, (id, _, user) => cases.register(id, user));
    action('reject', 'Decline to register it (不予立案), with the reason', ReasonBody, (id, body, user) =>
      cases.reject(id, body.reason, user),
    );
    action(
      'reassign',
      'Hand the case to another squad (改派); the clocks keep running',
      ReassignBody,
      (id, body, user) => cases.reassign(id, body.squadId, user, body.reason),
    );
    action('accept', 'The assigned squad takes the case on (接单)', undefined, (id, _, user) => cases.accept(id, user));
    action(
      'return',
      'The squad hands the case back to the dispatcher (退单), with the reason',
      ReasonBody,
      (id, body, user) => cases.returnCase(id, body.reason, user),
    );
    action('en_route', 'The squad is on its way', undefined, (id, _, user) => cases.enRoute(id, user));
    action('on_scene', 'The squad is on scene (到场)', undefined, (id, _, user) => cases.onScene(id, user));
    action(
      'dispose',
      'Report the problem dealt with (处置完毕), with a note and photos',
      DisposeBody,
      (id, body, user) => cases.dispose(id, body, user),
    );
    action(
      'close',
      'Verified and closed (核查结案); a confirmed violation grades the linked merchant',
      CloseBody,
      (id, body, user) => cases.close(id, body, user),
    );
    action('rework', 'Send back to the squad (返工), with the reason', ReasonBody, (id, body, user) =>
      cases.rework(id, body.reason, user),
    );
    action('merge', 'Merge into another open case as a duplicate', MergeBody, (id, body, user) =>
      cases.merge(id, body.intoCaseId, user),
    );
    action(
      'request_extension',
      'Ask for more time before the deadline (申请延期)',
      ExtensionRequestBody,
      (id, body, user) => cases.requestExtension(id, body, user),
    );
    action('approve_extension', 'Approve the pending extension request', CommentBody, (id, body, user) =>
      cases.decideExtension(id, true, body, user),
    );
    action('refuse_extension', 'Refuse the pending extension request', CommentBody, (id, body, user) =>
      cases.decideExtension(id, false, body, user),
    );
    action('supervise', 'Put the case under supervision (督办), with a comment', CommentBody, (id, body, user) =>
      cases.supervise(id, body, user),
    );
    action('lift_supervision', 'Lift supervision', CommentBody, (id, body, user) =>
      cases.liftSupervision(id, body, user),
    );
    action('feedback', 'Record the reply to the complainant (反馈)', FeedbackBody, (id, body, user) =>
      cases.feedback(id, body, user),
    );
    action(
      'follow_up',
      'Record the follow-up call (回访); dissatisfied reopens the case',
      FollowUpBody,
      (id, body, user) => cases.followUp(id, body, user),
    );
    action(
      'link_merchant',
      'Link the case to the registered merchant it is about (null unlinks)',
      LinkMerchantBody,
      (id, body, user) => cases.linkMerchant(id, body.merchantId, user),
    );

    app.get(
      '/api/cases/:id/timeline',
      {
        config: { access: 'authenticated' },
        schema: {
          tags: ['lifecycle'],
          summary: 'Every event of the case and every clock it ran, with durations in wall-clock and working time',
          params: IdParams,
          response: { 200: CaseTimeline, ...errors(400, 401, 404) },
        },
      },
      async (request) => timeline(pool, request.params.id, currentUser(request)),
    );
  };
