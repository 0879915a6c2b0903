/**
 * The calls the clerk desk makes beyond api.ts: the geocoder, category
 * suggestions, the catalogue and filing. The answer shapes are the server's
 * (server/src/modules/geocode/routes.ts, categories/routes.ts); they are not
 * in @civic/shared, so the client's reading of them is declared here, once.
 */
import type { CaseDto, CategoryDto, CreateCaseBody, LngLat } from '@civic/shared';
import { request } from '../api.ts';

/** The levels the geocoder answers with, most precise first (server/src/modules/geocode/geocoder.ts). */
export const GEOCODE_LEVELS = [
  'house_number',
  'intersection',
  'landmark',
  'community',
  'road',
  'sub_district',
] as const;
export type GeocodeLevel = (typeof GEOCODE_LEVELS)[number];

export interface GeocodeResult {
  /** What was matched, for a person to judge: "天河路 × 英才街 东北角". */
  label: string;
  level: GeocodeLevel;
  /** 0..1: how sure the match is. */
  confidence: number;
  /** WGS-84 (no `crs` asked). */
  point: LngLat;
  source?: 'gazetteer' | 'external';
}

export interface GeocodeAnswer {
  results: GeocodeResult[];
  /** At and above this the server places a case from its address without a person. */
  threshold: number;
}

export interface CategorySuggestion {
  code: string;
  name: string;
  confidence: number;
  /** The words that led to it. */
  matched: string[];
}

const query = (params: Record<string, string | number>): string =>
  Object.entries(params)
    .map(([key, value]) => `${key}=${encodeURIComponent(value)}`)
    .join('&');

export const deskApi = {
  geocode: (q: string, limit = 5) => request<GeocodeAnswer>('GET', `/api/geocode?${query({ q, limit })}`),
  suggestCategories: (text: string, limit = 3) =>
    request<CategorySuggestion[]>('GET', `/api/categories/suggest?${query({ text, limit })}`),
  categories: () => request<CategoryDto[]>('GET', '/api/categories'),
  fileCase: (body: CreateCaseBody) => request<CaseDto>('POST', '/api/cases', { body }),
};
