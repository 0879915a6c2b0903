import type { FastifyError, FastifyInstance } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { HttpError } from '../http/errors.ts';

/**
 * One place that shapes every error response. Validation failures name the
 * field; anything the client sent that we could not parse is a 4xx; only a
 * fault of ours is a 500, and its details stay in the log.
 */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | HttpError, request, reply) => {
    if (error instanceof HttpError) {
      return reply.status(error.statusCode).send({
        statusCode: error.statusCode,
        error: STATUS_CODES[error.statusCode] ?? 'Error',
        message: error.message,
        ...(error.details.field ? { field: error.details.field } : {}),
        ...(error.details.code ? { code: error.details.code } : {}),
        ...(error.details.facts ? { details: error.details.facts } : {}),
      });
    }
    if (error.validation) {
      const first = error.validation[0];
      const field = validationField(error.validationContext ?? 'body', first);
      return reply.status(400).send({
        statusCode: 400,
        error: 'Bad Request',
        message: `${field} ${first?.message ?? 'is invalid'}`,
        field,
        code: 'invalid',
      });
    }
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) {
      request.log.error({ err: error }, 'unhandled error');
      return reply.status(500).send({ statusCode: 500, error: 'Internal Server Error', message: 'Internal error' });
    }
    // Fastify's own client errors: unparseable JSON, wrong content type, body too large.
    return reply.status(status).send({
      statusCode: status,
      error: STATUS_CODES[status] ?? 'Error',
      message: error.message,
      field: 'body',
      code: error.code ?? 'invalid',
    });
  });

  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({
      statusCode: 404,
      error: 'Not Found',
      message: `Route ${request.method} ${request.url.split('?')[0]} not found`,
      code: 'not_found',
    }),
  );
}

interface ValidationIssue {
  instancePath?: string;
  params?: Record<string, unknown>;
  message?: string;
}

/** "body.location.lng", "querystring.after", "body.squadId" … */
function validationField(context: string, issue: ValidationIssue | undefined): string {
  const path = (issue?.instancePath ?? '').split('/').filter(Boolean);
  const params = issue?.params ?? {};
  const extra = params.missingProperty ?? params.additionalProperty;
  if (typeof extra === 'string') path.push(extra);
  return [context, ...path].join('.');
}
