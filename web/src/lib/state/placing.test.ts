import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { CaseDto } from '@civic/shared';
import { caseDto, json, manualFrames, memoryStorage } from '../../test/fixtures.ts';
import { locale } from '../locale.svelte.ts';
import { DispatchState } from './dispatch-state.svelte.ts';
import { PlacingMode } from './placing.svelte.ts';

const PIN = { lng: 113.62, lat: 34.83 };
const fetchMock = vi.fn<typeof fetch>();

let frames: ReturnType<typeof manualFrames>;
let live: DispatchState;
let placing: PlacingMode;

beforeEach(() => {
  vi.stubGlobal('localStorage', memoryStorage());
  vi.stubGlobal('fetch', fetchMock);
  frames = manualFrames();
  live = new DispatchState();
  placing = new PlacingMode(live);
  locale.set('en');
});

afterEach(() => {
  live.dispose();
  fetchMock.mockReset();
  vi.unstubAllGlobals();
});

/** Puts the case in the wall screen's state, as the snapshot would. */
function hold(dto: CaseDto): void {
  live.setCases([...live.cases.values(), dto]);
}

const needsLocation = (id: number): CaseDto =>
  caseDto({ id, location: null, needsLocation: true, locationSource: null, lastSeq: 3 });
const placedBy = (dto: CaseDto, lastSeq: number): CaseDto => ({
  ...dto,
  location: PIN,
  needsLocation: false,
  locationSource: 'manual',
  lastSeq,
});
const apiError = (statusCode: number, message: string) => json({ statusCode, error: 'Error', message }, statusCode);

describe('placing a case', () => {
  test('start waits for a click for that case; cancel stops waiting', () => {
    expect(placing.active).toBe(false);
    placing.start(5);
    expect(placing).toMatchObject({ active: true, caseId: 5 });
    placing.cancel();
    expect(placing.active).toBe(false);
  });

  test('a click sends the point and shows the placed case; placing is over', async () => {
    const before = needsLocation(5);
    hold(before);
    fetchMock.mockResolvedValue(json(placedBy(before, 8)));
    placing.start(5);

    const done = placing.place(PIN);
    expect(placing.saving).toBe(true);
    await done;

    const [url, init] = fetchMock.mock.lastCall ?? [];
    expect(url).toBe('/api/cases/5/location');
    expect(JSON.parse(String(init?.body))).toEqual(PIN);
    expect(placing).toMatchObject({ active: false, saving: false });
    expect(placing.message).toMatchObject({ caseId: 5, ok: true });
    expect(placing.message?.text()).toBe('Placed on the map');

    frames.runFrame();
    expect(live.cases.get(5)).toMatchObject({ location: PIN, lastSeq: 8 });
  });

  test('moving a pin that was already placed says so', async () => {
    const before = caseDto({ id: 5, lastSeq: 3 });
    hold(before);
    fetchMock.mockResolvedValue(json(placedBy(before, 8)));
    placing.start(5);

    await placing.place(PIN);

    expect(placing.message?.text()).toBe('Pin moved');
  });

  test('the message follows a language switch', async () => {
    hold(needsLocation(5));
    fetchMock.mockResolvedValue(json(placedBy(needsLocation(5), 8)));
    placing.start(5);
    await placing.place(PIN);

    locale.set('zh');
    expect(placing.message?.text()).toBe('已放置在地图上');
  });

  test('too late (the case was dispatched meanwhile): placing is over and the fresh case is fetched', async () => {
    const before = needsLocation(5);
    hold(before);
    const dispatched = { ...before, status: 'dispatched' as const, lastSeq: 9 };
    fetchMock.mockResolvedValueOnce(apiError(409, 'case is dispatched')).mockResolvedValueOnce(json(dispatched));
    placing.start(5);

    await placing.place(PIN);

    expect(placing.active).toBe(false);
    expect(placing.message).toMatchObject({ caseId: 5, ok: false });
    expect(placing.message?.text()).toBe(
      'The case has been dispatched; its location can no longer change: case is dispatched',
    );
    await vi.waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(2));
    expect(fetchMock.mock.calls[1]?.[0]).toBe('/api/cases/5');
    await vi.waitFor(() => {
      frames.runFrame();
      expect(live.cases.get(5)?.status).toBe('dispatched');
    });
  });

  test('any other failure keeps placing mode on, so the next click retries', async () => {
    hold(needsLocation(5));
    fetchMock.mockRejectedValueOnce(new TypeError('Failed to fetch'));
    placing.start(5);

    await placing.place(PIN);

    expect(placing).toMatchObject({ active: true, caseId: 5, saving: false });
    expect(placing.message?.text()).toBe('Cannot reach the server, please retry');

    fetchMock.mockResolvedValueOnce(apiError(422, 'outside the district'));
    await placing.place(PIN);
    expect(placing.active).toBe(true);
    expect(placing.message?.text()).toBe('Failed: outside the district');
  });

  test('a second click while the first is being saved is ignored', async () => {
    hold(needsLocation(5));
    fetchMock.mockResolvedValue(json(placedBy(needsLocation(5), 8)));
    placing.start(5);

    await Promise.all([placing.place(PIN), placing.place({ lng: 113.7, lat: 34.9 })]);

    expect(fetchMock).toHaveBeenCalledOnce();
  });

  test('placing another case while the first is being saved keeps waiting for the other', async () => {
    hold(needsLocation(5));
    hold(needsLocation(6));
    fetchMock.mockResolvedValue(json(placedBy(needsLocation(5), 8)));
    placing.start(5);

    const saving = placing.place(PIN);
    placing.start(6);
    await saving;

    expect(placing).toMatchObject({ active: true, caseId: 6 });
    expect(placing.message).toMatchObject({ caseId: 5, ok: true });
  });

  test('a click when not placing does nothing', async () => {
    await placing.place(PIN);

    expect(fetchMock).not.toHaveBeenCalled();
    expect(placing.message).toBeNull();
  });

  test('a click outside the district is refused and placing goes on', () => {
    placing.start(5);
    placing.reject(() => 'outside');

    expect(placing.active).toBe(true);
    expect(placing.message).toMatchObject({ caseId: 5, ok: false });

    placing.reset();
    placing.reject(() => 'outside');
    expect(placing.message).toBeNull();
  });

  test('starting another case clears the previous outcome; cancel keeps it, reset clears it', async () => {
    hold(needsLocation(5));
    fetchMock.mockResolvedValue(json(placedBy(needsLocation(5), 8)));
    placing.start(5);
    await placing.place(PIN);
    placing.start(6);
    expect(placing.message).toBeNull();

    placing.reject(() => 'outside');
    placing.cancel();
    expect(placing.message?.caseId).toBe(6);
    placing.reset();
    expect(placing.message).toBeNull();
  });
});
