import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { LngLat, SquadDto, SquadTrack } from '@civic/shared';
import { hasChromium } from '../support/env.ts';
import { logIn, useBrowserWorld, type BrowserWorld } from './browser.ts';

/** Where the phone goes, in order: three points inside the fixture district, kilometres apart. */
const ROUTE = [
  { longitude: 113.61, latitude: 34.81, accuracy: 8 },
  { longitude: 113.64, latitude: 34.82, accuracy: 8 },
  { longitude: 113.65, latitude: 34.85, accuracy: 8 },
];

const rounded = (p: { longitude: number; latitude: number } | LngLat): LngLat => {
  const [lng, lat] = 'lng' in p ? [p.lng, p.lat] : [p.longitude, p.latitude];
  return { lng: Number(lng.toFixed(6)), lat: Number(lat.toFixed(6)) };
};

async function storedPosition(world: BrowserWorld, squadId: number): Promise<LngLat | null> {
  const { body } = await world.server.request<SquadDto[]>('GET', '/api/squads', { token: world.tokens.dispatcher });
  const squad = body.find((s) => s.id === squadId);
  return squad?.position ? rounded(squad.position) : null;
}

async function markerAt(marker: Locator): Promise<LngLat | null> {
  const [lng, lat] = await Promise.all([marker.getAttribute('data-lng'), marker.getAttribute('data-lat')]);
  return lng === null || lat === null ? null : { lng: Number(lng), lat: Number(lat) };
}

async function openWallAs(world: BrowserWorld, username: string): Promise<Page> {
  const page = await (await world.browser.newContext({ viewport: { width: 1600, height: 900 } })).newPage();
  await logIn(world, page, username);
  // Signed in (each role lands on its own home page), then to the wall screen.
  await expect.poll(() => page.getByTestId('logout').count()).toBe(1);
  await page.evaluate(() => (window.location.hash = '#/dispatch'));
  await expect.poll(() => page.getByTestId('wall-screen').count()).toBe(1);
  await expect.poll(() => page.getByTestId('map').getAttribute('data-loaded'), { timeout: 20_000 }).toBe('true');
  return page;
}

// A squad's phone reports as it moves; a supervisor then replays that track
// on the wall screen's map, by slider and by playing it.
describe.skipIf(!hasChromium)('track replay, in the browser', () => {
  const world = useBrowserWorld();

  it('replays the track a phone reported, moving the marker along it', async () => {
    const squadId = world.fixture.squadIds.near;
    const context = await world.browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      permissions: ['geolocation'],
      geolocation: ROUTE[0],
    });
    const phone = await context.newPage();
    await logIn(world, phone, 'near_member');
    await expect
      .poll(() => phone.getByTestId('gps-status').getAttribute('data-state'), { timeout: 20_000 })
      .toBe('reporting');
    await expect.poll(() => storedPosition(world, squadId), { timeout: 20_000 }).toEqual(rounded(ROUTE[0]!));
    // Each move is reported after the phone's 10 s throttle.
    for (const next of ROUTE.slice(1)) {
      await context.setGeolocation(next);
      await expect.poll(() => storedPosition(world, squadId), { timeout: 30_000 }).toEqual(rounded(next));
    }
    await context.close();

    // The fixes went with their accuracy, and each was kept in the track.
    const { body: track } = await world.server.request<SquadTrack>('GET', `/api/squads/${squadId}/track`, {
      token: world.tokens.supervisor,
    });
    expect(track.properties.accuracyM).toEqual([8, 8, 8]);

    const wall = await openWallAs(world, 'supervisor');
    const item = wall.locator(`[data-testid="squad-item"][data-squad-id="${squadId}"]`);
    await item.getByTestId('track-replay-open').click();
    const panel = wall.getByTestId('track-replay');
    await expect.poll(() => panel.getAttribute('data-state'), { timeout: 10_000 }).toBe('ready');
    expect(await panel.getAttribute('data-points')).toBe('3');

    // The marker starts at the first point; the slider's end is the last.
    const marker = wall.getByTestId('track-marker');
    await expect.poll(() => markerAt(marker)).toEqual(rounded(ROUTE[0]!));
    const slider = panel.getByTestId('track-slider');
    await slider.fill((await slider.getAttribute('max'))!);
    await expect.poll(() => markerAt(marker)).toEqual(rounded(ROUTE[2]!));
    await slider.fill((await slider.getAttribute('min'))!);
    await expect.poll(() => markerAt(marker)).toEqual(rounded(ROUTE[0]!));

    // Played at 10× the ~20 s track takes ~2 s: the marker passes points between the fixes.
    await panel.getByTestId('track-speed').selectOption('10');
    await panel.getByTestId('track-play').click();
    const seen = new Set<string>();
    await expect
      .poll(
        async () => {
          const at = await markerAt(marker);
          if (at) seen.add(`${at.lng},${at.lat}`);
          return panel.getAttribute('data-playing');
        },
        { timeout: 15_000, interval: 100 },
      )
      .toBe('false');
    expect(await markerAt(marker)).toEqual(rounded(ROUTE[2]!));
    const fixes = new Set(ROUTE.map((p) => `${rounded(p).lng},${rounded(p).lat}`));
    expect([...seen].filter((key) => !fixes.has(key)).length).toBeGreaterThan(3);

    await panel.getByTestId('track-close').click();
    await expect.poll(() => wall.getByTestId('track-replay').count()).toBe(0);
    await expect.poll(() => marker.count()).toBe(0);
    await wall.context().close();
  }, 150_000);

  it('offers the replay to dispatchers but not to intake clerks', async () => {
    const dispatcher = await openWallAs(world, 'dispatcher');
    await expect.poll(() => dispatcher.getByTestId('track-replay-open').count()).toBeGreaterThan(0);
    await dispatcher.context().close();
    const clerk = await openWallAs(world, 'clerk');
    await expect.poll(() => clerk.getByTestId('squad-item').count()).toBeGreaterThan(0);
    expect(await clerk.getByTestId('track-replay-open').count()).toBe(0);
    await clerk.context().close();
  }, 60_000);
});
