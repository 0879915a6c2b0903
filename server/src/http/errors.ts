/**
 * An error the client caused or must know about. The error handler turns it
 * into the API's error body: `{ statusCode, error, message, field?, code? }`.
 */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly details: { field?: string; code?: string; facts?: Record<string, unknown> } = {},
  ) {
    super(message);
  }
}

export const badRequest = (field: string, message: string) => new HttpError(400, message, { field, code: 'invalid' });
export const unauthorized = (message = 'Authentication required') =>
  new HttpError(401, message, { code: 'unauthorized' });
export const forbidden = (message: string) => new HttpError(403, message, { code: 'forbidden' });
export const notFound = (what: string) => new HttpError(404, `${what} not found`, { code: 'not_found' });
export const conflict = (code: string, message: string, facts?: Record<string, unknown>) =>
  new HttpError(409, message, { code, ...(facts ? { facts } : {}) });
export const unprocessable = (field: string, message: string) =>
  new HttpError(422, message, { field, code: 'unprocessable' });
