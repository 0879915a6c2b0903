import { Type } from 'typebox';
import { ApiError } from '@civic/shared';

/** Path id of a row; bounded so an absurd number is a 400, not a database error. */
export const IdParams = Type.Object(
  { id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) },
  { additionalProperties: false },
);

/** The error bodies a route can answer with, for its response schema. */
export const errors = (...codes: (400 | 401 | 403 | 404 | 409 | 415 | 422 | 429 | 503)[]) =>
  Object.fromEntries(codes.map((code) => [code, ApiError]));
