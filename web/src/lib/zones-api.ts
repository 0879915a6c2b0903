/**
 * The zones API (GET/POST/PUT/DELETE /api/zones, POST /api/zones/import) and
 * the signal that zones changed: the socket's `zones:changed`, or a
 * reconnect that may have missed one. Layers and lists reload on it: the
 * REST answer is the truth, the push only says when to read it.
 */
import type { Crs, ZoneDto, ZoneImportResult, ZoneInput, ZoneKind } from '@civic/shared';
import { request } from './api.ts';
import { changeSignal } from './change-signal.ts';

export const zonesApi = {
  list: (kind?: ZoneKind) => request<ZoneDto[]>('GET', kind ? `/api/zones?kind=${kind}` : '/api/zones'),
  create: (input: ZoneInput) => request<ZoneDto>('POST', '/api/zones', { body: input }),
  update: (id: number, input: ZoneInput) => request<ZoneDto>('PUT', `/api/zones/${id}`, { body: input }),
  remove: (id: number) => request<null>('DELETE', `/api/zones/${id}`),
  /** The file as it is (application/geo+json); the server reports each bad feature. */
  importFile: (file: Blob, crs: Crs) =>
    request<ZoneImportResult>('POST', `/api/zones/import?crs=${crs}`, {
      raw: new Blob([file], { type: 'application/geo+json' }),
    }),
};

/** `zones:changed` (and a reconnect): zone layers read GET /api/zones again. */
export const zoneChanges = changeSignal();
