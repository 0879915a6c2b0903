/**
 * The merchant registry and 一卡四色 over REST: search, one entry, its
 * history, the map's summaries, a case's nearby candidates and linking, the
 * grade rules, and the storefront photo.
 */
import type {
  CaseDto,
  GradeRules,
  LinkMerchantBody,
  MerchantCandidate,
  MerchantDto,
  MerchantHistory,
  MerchantInput,
  MerchantList,
  MerchantQuery,
  MerchantSummary,
  Role,
} from '@civic/shared';
import { ApiRequestError, getToken, request } from './api.ts';

/**
 * Who keeps the registry (the server's REGISTRY_WRITE_ROLES): the page offers
 * its forms only to them. The server decides; this only hides what would fail.
 */
export const MERCHANT_WRITE_ROLES: readonly Role[] = ['admin', 'supervisor'];

/** The query string of a search; unset and blank filters are left out. */
export function merchantSearch(query: MerchantQuery): string {
  const params = new URLSearchParams();
  const q = query.q?.trim();
  if (q) params.set('q', q);
  if (query.grade) params.set('grade', query.grade);
  if (query.kind) params.set('kind', query.kind);
  if (query.subDistrictId !== undefined) params.set('subDistrictId', String(query.subDistrictId));
  if (query.gridId !== undefined) params.set('gridId', String(query.gridId));
  if (query.limit !== undefined) params.set('limit', String(query.limit));
  if (query.offset !== undefined && query.offset > 0) params.set('offset', String(query.offset));
  return params.toString();
}

export const merchantApi = {
  list: (query: MerchantQuery) => {
    const search = merchantSearch(query);
    return request<MerchantList>('GET', search ? `/api/merchants?${search}` : '/api/merchants');
  },
  get: (id: number) => request<MerchantDto>('GET', `/api/merchants/${id}`),
  create: (input: MerchantInput) => request<MerchantDto>('POST', '/api/merchants', { body: input }),
  update: (id: number, input: MerchantInput) => request<MerchantDto>('PUT', `/api/merchants/${id}`, { body: input }),
  history: (id: number) => request<MerchantHistory>('GET', `/api/merchants/${id}/history`),
  /** Every active merchant, for the map. */
  map: () => request<MerchantSummary[]>('GET', '/api/merchants/map'),
  /** Registered merchants near the case's location, nearest first. */
  candidates: (caseId: number) => request<MerchantCandidate[]>('GET', `/api/cases/${caseId}/merchant-candidates`),
  /** Links the case to a merchant, or unlinks it with null; answers the case as it now stands. */
  link: (caseId: number, merchantId: number | null) =>
    request<CaseDto>('POST', `/api/cases/${caseId}/merchant`, { body: { merchantId } satisfies LinkMerchantBody }),
  gradeRules: () => request<GradeRules>('GET', '/api/settings/merchant-grades'),
  saveGradeRules: (rules: GradeRules) => request<GradeRules>('PUT', '/api/settings/merchant-grades', { body: rules }),
  uploadStorefront: (id: number, photo: Blob) =>
    request<unknown>('PUT', `/api/merchants/${id}/storefront-photo`, { raw: photo }),
};

export const storefrontPhotoPath = (id: number): string => `/api/merchants/${id}/storefront-photo`;
export const casePhotoPath = (photoId: number): string => `/api/photos/${photoId}`;

/**
 * An image the API serves behind the bearer token, as a blob URL an <img>
 * can show (an <img> cannot send the token). The caller revokes it.
 * `fresh` revalidates with the server instead of taking a cached copy.
 */
export async function fetchImageUrl(path: string, { fresh = false } = {}): Promise<string> {
  const token = getToken();
  let response: Response;
  try {
    response = await fetch(path, {
      headers: token ? { Authorization: `Bearer ${token}` } : {},
      // After an upload the browser's cached copy is the old photo: ask the server again.
      cache: fresh ? 'no-cache' : 'default',
    });
  } catch (cause) {
    throw new ApiRequestError(0, null, cause instanceof Error ? cause.message : 'network error');
  }
  if (!response.ok) throw new ApiRequestError(response.status, null, response.statusText);
  return URL.createObjectURL(await response.blob());
}
