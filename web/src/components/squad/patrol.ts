/**
 * 巡查发现: a squad member files what it finds on patrol as a new case, at
 * the phone's position. Filing carries an idempotency key made once per
 * finding, so a retry after a lost answer cannot file it twice.
 */
import { IDEMPOTENCY_KEY_HEADER, type ApiError, type CaseDto, type CategoryDto, type LngLat } from '@civic/shared';
import { ApiRequestError, getToken, request } from '../../lib/api.ts';

export interface PatrolFinding {
  description: string;
  categoryCode: string | null;
  location: LngLat;
}

export interface CategorySuggestion {
  code: string;
  name: string;
  confidence: number;
}

/** The body of POST /api/cases for a finding (a squad member may file channel 'patrol' only). */
export function findingBody(finding: PatrolFinding): Record<string, unknown> {
  return {
    channel: 'patrol',
    description: finding.description.trim(),
    ...(finding.categoryCode ? { categoryCode: finding.categoryCode } : {}),
    location: { lng: finding.location.lng, lat: finding.location.lat },
  };
}

/** Files the finding; the same `key` on a retry answers the case filed the first time. */
export async function fileFinding(finding: PatrolFinding, key: string): Promise<CaseDto> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Content-Type': 'application/json',
    [IDEMPOTENCY_KEY_HEADER]: key,
  };
  const token = getToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  let response: Response;
  let text: string;
  try {
    response = await fetch('/api/cases', { method: 'POST', headers, body: JSON.stringify(findingBody(finding)) });
    text = await response.text();
  } catch (cause) {
    throw new ApiRequestError(0, null, cause instanceof Error ? cause.message : 'network error');
  }
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!response.ok) {
    const body = typeof data === 'object' && data !== null && 'message' in data ? (data as ApiError) : null;
    throw new ApiRequestError(response.status, body, response.statusText);
  }
  return data as CaseDto;
}

/** 小类 a finding may be filed under, 大类 by 大类 in catalogue order. */
export function findingCategories(all: readonly CategoryDto[]): { parent: CategoryDto; children: CategoryDto[] }[] {
  const parents = all.filter((c) => c.parentCode === null && c.active);
  return parents
    .map((parent) => ({ parent, children: all.filter((c) => c.parentCode === parent.code && c.active) }))
    .filter((group) => group.children.length > 0);
}

export const patrolApi = {
  categories: () => request<CategoryDto[]>('GET', '/api/categories'),
  suggest: (text: string) =>
    request<CategorySuggestion[]>('GET', `/api/categories/suggest?text=${encodeURIComponent(text)}&limit=3`),
};

/** A fresh idempotency key for one finding. */
export function newFindingKey(): string {
  return crypto.randomUUID();
}
