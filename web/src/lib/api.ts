/**
 * The one door to the REST API: typed calls, the bearer token, and one rule
 * for a 401 (the session is gone: drop the token and go back to login).
 */
import type {
  ApiError,
  CaseDto,
  DistrictFeatureCollection,
  EventsPage,
  LngLat,
  LoginBody,
  LoginResult,
  MetaResult,
  Recommendation,
  SquadDto,
  SquadStatus,
  UserDto,
} from '@civic/shared';
import type { Static } from 'typebox';

export type District = Static<typeof DistrictFeatureCollection>;

const TOKEN_KEY = 'civic.token';

/** A failed call: `status` 0 means the server could not be reached at all. */
export class ApiRequestError extends Error {
  readonly status: number;
  readonly body: ApiError | null;

  constructor(status: number, body: ApiError | null, fallback: string) {
    super(body?.message ?? fallback);
    this.name = 'ApiRequestError';
    this.status = status;
    this.body = body;
  }

  get code(): string | undefined {
    return this.body?.code;
  }
}

export function getToken(): string | null {
  return localStorage.getItem(TOKEN_KEY);
}

export function setToken(token: string | null): void {
  if (token === null) localStorage.removeItem(TOKEN_KEY);
  else localStorage.setItem(TOKEN_KEY, token);
}

let unauthorizedHandler: () => void = () => {};

/** Called when any authenticated call answers 401; the session decides what that means. */
export function onUnauthorized(handler: () => void): void {
  unauthorizedHandler = handler;
}

interface RequestOptions {
  body?: unknown;
  /** Login's 401 means "wrong password", not "session expired". */
  expect401?: boolean;
  /** Sent as is with its own content type (a photo), instead of JSON. */
  raw?: Blob;
  /** Extra request headers, e.g. the outbox's Idempotency-Key. */
  headers?: Record<string, string>;
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  const token = getToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (options.raw !== undefined) headers['Content-Type'] = options.raw.type || 'application/octet-stream';
  else if (options.body !== undefined) headers['Content-Type'] = 'application/json';

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
    });
  } catch (cause) {
    throw new ApiRequestError(0, null, cause instanceof Error ? cause.message : 'network error');
  }

  const text = await response.text();
  const data: unknown = text ? safeJson(text) : null;
  if (!response.ok) {
    if (response.status === 401 && !options.expect401) unauthorizedHandler();
    throw new ApiRequestError(response.status, isApiError(data) ? data : null, response.statusText);
  }
  return data as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function isApiError(value: unknown): value is ApiError {
  return typeof value === 'object' && value !== null && 'message' in value && 'statusCode' in value;
}

export const api = {
  login: (body: LoginBody) => request<LoginResult>('POST', '/api/auth/login', { body, expect401: true }),
  logout: () => request<unknown>('POST', '/api/auth/logout'),
  me: () => request<UserDto>('GET', '/api/me'),
  meta: () => request<MetaResult>('GET', '/api/meta'),
  district: () => request<District>('GET', '/api/district'),
  squads: () => request<SquadDto[]>('GET', '/api/squads'),
  setSquadStatus: (squadId: number, status: SquadStatus) =>
    request<SquadDto>('PUT', `/api/squads/${squadId}/status`, { body: { status } }),
  openCases: () => request<CaseDto[]>('GET', '/api/cases?open=true&limit=1000'),
  getCase: (caseId: number) => request<CaseDto>('GET', `/api/cases/${caseId}`),
  /** Places the case by hand (WGS-84); the server allows it only while the case is 'received'. */
  locate: (caseId: number, point: LngLat) =>
    request<CaseDto>('PUT', `/api/cases/${caseId}/location`, { body: { lng: point.lng, lat: point.lat } }),
  recommendations: (caseId: number) => request<Recommendation[]>('GET', `/api/cases/${caseId}/recommendations`),
  assign: (caseId: number, squadId: number) =>
    request<CaseDto>('POST', `/api/cases/${caseId}/assignments`, { body: { squadId } }),
  accept: (caseId: number) => request<CaseDto>('POST', `/api/cases/${caseId}/accept`),
  dispose: (caseId: number, note: string) =>
    request<CaseDto>('POST', `/api/cases/${caseId}/dispose`, { body: { note } }),
  events: (after: number, limit = 500) => request<EventsPage>('GET', `/api/events?after=${after}&limit=${limit}`),
};
