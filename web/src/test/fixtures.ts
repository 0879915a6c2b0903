/** DTOs and browser stand-ins for the web's unit tests. Not part of the app bundle: only tests import this. */
import { vi } from 'vitest';
import type { CaseDto, CaseEventEnvelope, CaseEventType, MetaResult, SquadDto } from '@civic/shared';

export function caseDto(overrides: Partial<CaseDto> & Pick<CaseDto, 'id'>): CaseDto {
  return {
    caseNo: `HJ-${String(overrides.id).padStart(6, '0')}`,
    channel: 'hotline',
    categoryCode: null,
    categoryName: null,
    description: 'Stall blocking the pavement',
    address: null,
    location: { lng: 113.6, lat: 34.85 },
    needsLocation: false,
    locationSource: 'point',
    locationMatch: null,
    status: 'received',
    priority: 3,
    subDistrict: null,
    squadId: null,
    squadName: null,
    complainantName: null,
    complainantPhone: null,
    createdAt: '2025-05-01T08:00:00.000Z',
    updatedAt: '2025-05-01T08:00:00.000Z',
    lastSeq: 1,
    deadlines: [],
    escalation: null,
    supervised: false,
    supervisionComment: null,
    extensionRequest: null,
    reworkCount: 0,
    mergedInto: null,
    feedbackGiven: false,
    satisfaction: null,
    possibleDuplicates: [],
    merchant: null,
    permittedZone: null,
    ...overrides,
  };
}

export function squadDto(overrides: Partial<SquadDto> & Pick<SquadDto, 'id'>): SquadDto {
  return {
    code: `S${String(overrides.id).padStart(2, '0')}`,
    name: `Squad ${overrides.id}`,
    kind: 'enforcement',
    status: 'available',
    position: null,
    positionAt: null,
    positionFresh: false,
    openCases: 0,
    ...overrides,
  };
}

export function envelope(type: CaseEventType, dto: CaseDto, seq: number = dto.lastSeq): CaseEventEnvelope {
  return { seq, type, at: dto.updatedAt, actor: null, case: { ...dto, lastSeq: seq } };
}

export function meta(overrides: Partial<MetaResult> = {}): MetaResult {
  return {
    demo: false,
    district: 'Huiji',
    positionFreshSeconds: 120,
    latestSeq: 0,
    serverTime: '2025-05-01T08:00:00.000Z',
    ...overrides,
  };
}

/** An in-memory `localStorage`: Node has none, and api.ts keeps the token there. */
export function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, String(value)),
  };
}

/** A JSON answer as `fetch` would give it. */
export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

/**
 * `requestAnimationFrame` under the test's control: frames run only when the
 * test says a frame has passed (Node has no frames; background tabs get none).
 */
export function manualFrames(): { requested: () => number; runFrame: () => void } {
  let nextId = 1;
  const callbacks = new Map<number, FrameRequestCallback>();
  vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback): number => {
    callbacks.set(nextId, callback);
    return nextId++;
  });
  vi.stubGlobal('cancelAnimationFrame', (id: number): void => void callbacks.delete(id));
  return {
    requested: () => callbacks.size,
    runFrame: () => {
      const due = [...callbacks.values()];
      callbacks.clear();
      for (const callback of due) callback(performance.now());
    },
  };
}
