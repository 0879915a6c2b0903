/**
 * The calls the clerk desk makes beyond api.ts: the geocoder, category
 * suggestions, the catalogue and filing. The answer shapes are in @civic/shared.
 */
import type { CaseDto, CategoryDto, CategorySuggestion, CreateCaseBody, GeocodeResult } from '@civic/shared';

export { GEOCODE_LEVELS, type CategorySuggestion, type GeocodeLevel, type GeocodeResult } from '@civic/shared';
import { request } from '../api.ts';

export interface GeocodeAnswer {
  results: GeocodeResult[];
  /** At and above this the server places a case from its address without a person. */
  threshold: number;
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
