import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { CaseDto, LngLat } from '@civic/shared';
import { caseDto, manualFrames } from '../../test/fixtures.ts';
import { ApiRequestError } from '../api.ts';
import { locale } from '../locale.svelte.ts';
import { DispatchState } from '../state/dispatch-state.svelte.ts';
import type { GeocodeAnswer } from './desk-api.ts';
import { needsLocationQueue, QueuePlacer } from './queue.svelte.ts';

const PIN = { lng: 113.631, lat: 34.831 };
const waiting = (id: number, extra: Partial<CaseDto> = {}): CaseDto =>
  caseDto({ id, location: null, needsLocation: true, locationSource: null, address: '天河小区门口', ...extra });

describe('needsLocationQueue', () => {
  test('open cases without a place, before dispatch, oldest first', () => {
    const queue = needsLocationQueue([
      waiting(3, { createdAt: '2025-05-01T09:00:00.000Z' }),
      waiting(1, { createdAt: '2025-05-01T08:00:00.000Z' }),
      caseDto({ id: 2 }),
      waiting(4, { status: 'dispatched' }),
      waiting(5, { status: 'returned', createdAt: '2025-05-01T10:00:00.000Z' }),
    ]);
    expect(queue.map((c) => c.id)).toEqual([1, 3, 5]);
  });
});

describe('QueuePlacer', () => {
  let frames: ReturnType<typeof manualFrames>;
  let live: DispatchState;
  let placer: QueuePlacer;
  const geocode = vi.fn<(q: string) => Promise<GeocodeAnswer>>();
  const locate = vi.fn<(caseId: number, point: LngLat) => Promise<CaseDto>>();
  const getCase = vi.fn<(caseId: number) => Promise<CaseDto>>();

  beforeEach(() => {
    frames = manualFrames();
    live = new DispatchState();
    placer = new QueuePlacer(live, { geocode, locate, getCase });
    locale.set('en');
    geocode.mockResolvedValue({
      threshold: 0.6,
      results: [{ label: '天河路', level: 'road', confidence: 0.53, point: PIN, source: 'gazetteer' }],
    });
  });

  afterEach(() => {
    placer.dispose();
    live.dispose();
    vi.resetAllMocks();
    vi.unstubAllGlobals();
  });

  test('opening a case looks its address up at once; a suggestion puts the pin there', async () => {
    placer.start(waiting(7));
    expect(geocode).toHaveBeenCalledWith('天河小区门口');
    await vi.waitFor(() => expect(placer.address.results).toHaveLength(1));

    placer.chooseSuggestion();
    expect(placer.pin).toMatchObject({ point: PIN, origin: 'geocoder' });
    expect(placer.pinState).toBe('unsure');
  });

  test('confirm places it where the pin is, and it leaves the queue', async () => {
    const item = waiting(7, { lastSeq: 3 });
    live.setCases([item]);
    const placed = { ...item, location: PIN, needsLocation: false, locationSource: 'manual' as const, lastSeq: 4 };
    locate.mockResolvedValue(placed);
    placer.start(item);
    placer.movePin(PIN);

    await placer.confirm();
    frames.runFrame();

    expect(locate).toHaveBeenCalledWith(7, PIN);
    expect(placer.active).toBe(false);
    expect(placer.message).toMatchObject({ ok: true, caseNo: item.caseNo });
    expect(placer.message?.text()).toBe(`${item.caseNo} placed`);
    expect(needsLocationQueue(live.cases.values())).toEqual([]);
  });

  test('nothing to confirm without a pin', async () => {
    placer.start(waiting(7));
    expect(await placer.confirm()).toBeNull();
    expect(locate).not.toHaveBeenCalled();
  });

  test('dispatched meanwhile (409): says so, stops, and fetches the case as it is', async () => {
    const item = waiting(7);
    locate.mockRejectedValue(
      new ApiRequestError(409, { statusCode: 409, error: 'Conflict', message: 'Case is dispatched' }, 'Conflict'),
    );
    getCase.mockResolvedValue({ ...item, status: 'dispatched' });
    placer.start(item);
    placer.movePin(PIN);

    await placer.confirm();

    expect(placer.active).toBe(false);
    expect(placer.message?.ok).toBe(false);
    expect(placer.message?.text()).toContain('Case is dispatched');
    expect(getCase).toHaveBeenCalledWith(7);
  });

  test('another failure keeps the case open to try again', async () => {
    locate.mockRejectedValue(new ApiRequestError(0, null, 'offline'));
    placer.start(waiting(7));
    placer.movePin(PIN);

    await placer.confirm();

    expect(placer.active).toBe(true);
    expect(placer.message?.ok).toBe(false);
  });

  test('placed by someone else meanwhile: the placer lets go and says why', () => {
    const item = waiting(7);
    placer.start(item);
    placer.leftQueue({ ...item, needsLocation: false, location: PIN });
    expect(placer.active).toBe(false);
    expect(placer.message?.ok).toBe(false);
  });
});
