import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Pool } from '../../db/pool.ts';
import { HttpError } from '../../http/errors.ts';
import { formatOf, formatOfUrl, send, sendErrors, SERVICE_DEFINITION, SERVICE_REQUESTS, SERVICES } from './format.ts';
import { hashKey, useActiveKey, type KeyRow } from './keys.ts';
import {
  CreatedRequestJson,
  CreateRequestBody,
  FormatParams,
  JurisdictionQuery,
  open311Errors,
  RequestJson,
  RequestListQuery,
  RequestParams,
  ServiceDefinitionJson,
  ServiceJson,
  ServiceParams,
} from './schemas.ts';
import { MAX_RESULTS, MAX_SPAN_DAYS, type Open311Service } from './service.ts';

/** A service request is a few fields of text: far below the API's 1 MB. */
const BODY_LIMIT = 64 * 1024;
const MINUTE_MS = 60_000;
const TAGS = ['open311'];

export interface GeoReportRouteDeps {
  pool: Pool;
  service: Open311Service;
  /** GET answers per minute per client address. */
  readsPerMinute: number;
}

/**
 * GeoReport v2 under its own prefix (/open311/v2): public reads, and POST
 * requests authenticated by the client's api_key. Every answer, errors
 * included, is in the spec's JSON or XML as the URL's suffix asks; this
 * plugin has its own error and not-found handlers so that no answer falls
 * back to the staff API's error shape. Logged at warn only: the api_key may
 * travel in a query string, and bodies carry citizens' contact details.
 */
export const georeportRoutes =
  ({ pool, service, readsPerMinute }: GeoReportRouteDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    const keys = new WeakMap<FastifyRequest, KeyRow>();

    // The spec's POST body. JSON is accepted as well (Fastify's own parser).
    app.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: BODY_LIMIT },
      (_request, body, done) => done(null, parseForm(body as string)),
    );

    app.setErrorHandler((error: FastifyError | HttpError, request, reply) => {
      const { status, description } = describeError(error);
      if (status >= 500) request.log.error({ err: error }, 'open311 request failed');
      return sendErrors(reply, formatOfUrl(request.url), status, description);
    });

    const noSuchResource = (request: FastifyRequest, reply: FastifyReply) =>
      sendErrors(
        reply,
        formatOfUrl(request.url),
        404,
        `No such resource: ${request.method} ${request.url.split('?')[0]} ` +
          '(services.{format}, services/{service_code}.{format}, requests.{format}, ' +
          'requests/{service_request_id}.{format}; format json or xml)',
      );
    app.setNotFoundHandler(noSuchResource);
    // When the web app is served, its static files answer every other GET
    // from the root: under this prefix an unknown resource is still an Open311 404.
    app.get('/*', { config: { access: 'public' }, logLevel: 'warn', schema: { hide: true } }, noSuchResource);

    // Public data: browser-based clients (maps of reported issues) may read it from their own origin.
    app.addHook('onSend', async (request, reply, payload) => {
      if (request.method === 'GET') void reply.header('access-control-allow-origin', '*');
      return payload;
    });

    const readLimit = {
      max: readsPerMinute,
      timeWindow: MINUTE_MS,
      keyGenerator: (request: FastifyRequest) => `open311:read:${request.ip}`,
    };
    const common = {
      logLevel: 'warn' as const,
      onRequest: requireFormat,
      preValidation: dropEmpty,
    };

    app.get(
      '/services.:format',
      {
        ...common,
        config: { access: 'public', rateLimit: readLimit },
        schema: {
          tags: TAGS,
          summary: 'GeoReport v2 service list: the categories (小类) a request may be filed under',
          description: 'Each active 小类 is a service; its 大类 is the group. `.json` or `.xml`.',
          security: [],
          params: FormatParams,
          querystring: JurisdictionQuery,
          response: { 200: Type.Array(ServiceJson), ...open311Errors(400, 404, 429) },
        },
      },
      async (request, reply) => send(reply, formatOf(request.params.format), SERVICES, await service.services()),
    );

    app.get(
      '/services/:service_code.:format',
      {
        ...common,
        config: { access: 'public', rateLimit: readLimit },
        schema: {
          tags: TAGS,
          summary: 'GeoReport v2 service definition: no service asks for extra attributes, so the list is empty',
          security: [],
          params: ServiceParams,
          querystring: JurisdictionQuery,
          response: { 200: ServiceDefinitionJson, ...open311Errors(400, 404, 429) },
        },
      },
      async (request, reply) =>
        send(
          reply,
          formatOf(request.params.format),
          SERVICE_DEFINITION,
          await service.definition(request.params.service_code),
        ),
    );

    app.post(
      '/requests.:format',
      {
        ...common,
        bodyLimit: BODY_LIMIT,
        // The key is checked before the body is validated: a caller without
        // one learns nothing about the fields. The rate limit runs after it,
        // counted per key at the key's own rate.
        preValidation: [dropEmpty, authenticate],
        config: {
          access: 'public',
          rateLimit: {
            hook: 'preValidation',
            timeWindow: MINUTE_MS,
            max: (request: FastifyRequest) => keys.get(request)?.rate_limit_per_minute ?? 1,
            keyGenerator: (request: FastifyRequest) => `open311:key:${keys.get(request)?.id ?? request.ip}`,
          },
        },
        schema: {
          tags: TAGS,
          summary: 'GeoReport v2 POST service request: files a case (channel web) and answers its case number',
          description:
            'application/x-www-form-urlencoded (or JSON) with `api_key` (in the body or the query string), ' +
            '`service_code`, `lat` & `long` (WGS-84) or `address_string`, and optionally `description`, `email`, ' +
            '`first_name`, `last_name`, `phone`, `media_url`, `device_id`, `account_id`. Missing or invalid ' +
            'api_key: 403; too many requests for the key: 429 with Retry-After.',
          security: [],
          params: FormatParams,
          querystring: JurisdictionQuery,
          body: CreateRequestBody,
          response: { 200: Type.Array(CreatedRequestJson), ...open311Errors(400, 403, 404, 429) },
        },
      },
      async (request, reply) => {
        const key = keys.get(request);
        if (!key) throw forbidden('api_key is required to file a request');
        return send(reply, formatOf(request.params.format), SERVICE_REQUESTS, await service.file(key, request.body));
      },
    );

    app.get(
      '/requests.:format',
      {
        ...common,
        config: { access: 'public', rateLimit: readLimit },
        schema: {
          tags: TAGS,
          summary: `GeoReport v2 service requests, newest first: the last ${MAX_SPAN_DAYS} days and at most ${MAX_RESULTS} by default`,
          description:
            'Filters: `service_request_id` (comma separated; overrides the others), `service_code`, `status` ' +
            `(open, closed), \`start_date\` / \`end_date\` (w3 datetimes with a zone, at most ${MAX_SPAN_DAYS} days apart).`,
          security: [],
          params: FormatParams,
          querystring: RequestListQuery,
          response: { 200: Type.Array(RequestJson), ...open311Errors(400, 404, 429) },
        },
      },
      async (request, reply) =>
        send(reply, formatOf(request.params.format), SERVICE_REQUESTS, await service.requests(request.query)),
    );

    app.get(
      '/requests/:service_request_id.:format',
      {
        ...common,
        config: { access: 'public', rateLimit: readLimit },
        schema: {
          tags: TAGS,
          summary: 'GeoReport v2 service request by its id (the case number)',
          security: [],
          params: RequestParams,
          querystring: JurisdictionQuery,
          response: { 200: Type.Array(RequestJson), ...open311Errors(400, 404, 429) },
        },
      },
      async (request, reply) =>
        send(
          reply,
          formatOf(request.params.format),
          SERVICE_REQUESTS,
          await service.request(request.params.service_request_id),
        ),
    );

    /** The client's key, from the body (the spec's place) or the query string. */
    async function authenticate(request: FastifyRequest): Promise<void> {
      const supplied = field(request.body, 'api_key') ?? field(request.query, 'api_key');
      if (supplied === undefined) throw forbidden('api_key is required to file a request');
      const key = supplied.length <= 200 ? await useActiveKey(pool, hashKey(supplied)) : undefined;
      if (!key) throw forbidden('Invalid api_key received: the request was not filed');
      keys.set(request, key);
    }
  };

const forbidden = (description: string) => new HttpError(403, description, { field: 'api_key', code: 'forbidden' });

/** An unknown suffix is a 404 before anything else runs (key check, rate limit, validation). */
async function requireFormat(request: FastifyRequest): Promise<void> {
  formatOf(field(request.params, 'format') ?? '');
}

/**
 * "A null parameter should be treated as equivalent to a non-declared
 * parameter": `start_date=` is no start date, not an invalid one.
 */
async function dropEmpty(request: FastifyRequest): Promise<void> {
  for (const source of [request.query, request.body]) {
    if (!isRecord(source)) continue;
    for (const [name, value] of Object.entries(source)) {
      if (value === '' || value === null) delete source[name];
    }
  }
}

function field(source: unknown, name: string): string | undefined {
  if (!isRecord(source)) return undefined;
  const value = source[name];
  return typeof value === 'string' ? value : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Form fields by name; a name given twice becomes a list (which the schema then refuses, naming it). */
export function parseForm(body: string): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
  for (const [name, value] of new URLSearchParams(body)) {
    const previous = fields[name];
    fields[name] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
  }
  return fields;
}

interface ValidationIssue {
  instancePath?: string;
  keyword?: string;
  params?: Record<string, unknown>;
  message?: string;
}

/**
 * The spec's error codes: 403 for a missing or wrong api_key (401 too), 404 for what
 * does not exist, 400 for anything else the client can fix (so 413, 415 and
 * 422 are 400 here), 429 when a key is over its rate. A fault of ours stays a
 * 500 (the spec says 400 for a "general service error"; 5xx tells a client
 * the fault is not in its request) and its details stay in the log.
 */
export function describeError(error: FastifyError | HttpError): { status: number; description: string } {
  if (error instanceof HttpError) {
    const status =
      error.statusCode >= 500
        ? 500
        : error.statusCode === 401
          ? 403
          : [403, 404, 429].includes(error.statusCode)
            ? error.statusCode
            : 400;
    return { status, description: status === 500 ? 'Internal error' : error.message };
  }
  if (error.validation) return { status: 400, description: describeValidation(error.validation[0]) };
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return { status: error.statusCode === 429 ? 429 : 400, description: error.message };
  }
  return { status: 500, description: 'Internal error' };
}

/** "lat: must be <= 90", "service_code: is required", "foo: is not a GeoReport v2 argument" … */
function describeValidation(issue: ValidationIssue | undefined): string {
  const path = (issue?.instancePath ?? '').split('/').filter(Boolean).join('.');
  const params = issue?.params ?? {};
  if (typeof params.missingProperty === 'string') return `${params.missingProperty}: is required`;
  if (typeof params.additionalProperty === 'string') {
    const name = params.additionalProperty;
    return name.startsWith('attribute')
      ? `${name}: no service here defines attributes (see services/{service_code})`
      : `${name}: is not a GeoReport v2 argument`;
  }
  return `${path || 'request'}: ${issue?.message ?? 'is invalid'}`;
}
