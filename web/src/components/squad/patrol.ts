/**
 * 巡查发现: a squad member files what it finds on patrol as a new case, at
 * the phone's position. The finding is queued in the phone's outbox, whose
 * idempotency key makes a retry after a lost answer answer the same case.
 */
import type { CategoryDto, LngLat } from '@civic/shared';
import { request } from '../../lib/api.ts';

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
