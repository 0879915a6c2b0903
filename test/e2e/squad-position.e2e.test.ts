import { describe, expect, it } from 'vitest';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import type { LngLat, SquadDto } from '@civic/shared';
import { hasChromium } from '../support/env.ts';
import { SQUADS } from '../support/fixtures.ts';
import { logIn, openWallScreen, useBrowserWorld, type BrowserWorld } from './browser.ts';

/** Where the phone says it is: two points inside the fixture district, kilometres apart. */
const FIRST = { longitude: 113.61, latitude: 34.81 };
const SECOND = { longitude: 113.65, latitude: 34.85 };

/** A squad member's phone with location access granted and its GPS at `at`. */
async function openLocatedPhone(
  world: BrowserWorld,
  username: string,
  at: { longitude: number; latitude: number },
): Promise<{ context: BrowserContext; phone: Page }> {
  const context = await world.browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    permissions: ['geolocation'],
    geolocation: at,
  });
  const phone = await context.newPage();
  await logIn(world, phone, username);
  await expect.poll(() => phone.getByTestId('squad-view').count()).toBe(1);
  return { context, phone };
}

/** A position rounded to 6 decimals (~0.1 m), as the wall screen exposes it. */
function rounded(position: LngLat | { longitude: number; latitude: number } | null): LngLat | null {
  if (!position) return null;
  const [lng, lat] = 'lng' in position ? [position.lng, position.lat] : [position.longitude, position.latitude];
  return { lng: Number(lng.toFixed(6)), lat: Number(lat.toFixed(6)) };
}

/** The position a wall screen's squad list holds for a squad (its data-lng/data-lat). */
async function shownPosition(item: Locator): Promise<LngLat | null> {
  const [lng, lat] = await Promise.all([item.getAttribute('data-lng'), item.getAttribute('data-lat')]);
  return lng === null || lat === null ? null : { lng: Number(lng), lat: Number(lat) };
}

async function storedPosition(world: BrowserWorld, squadId: number): Promise<LngLat | null> {
  const { status, body } = await world.server.request<SquadDto[]>('GET', '/api/squads', {
    token: world.tokens.dispatcher,
  });
  expect(status).toBe(200);
  const squad = body.find((s) => s.id === squadId);
  if (!squad) throw new Error(`squad ${squadId} not listed`);
  return rounded(squad.position);
}

// A squad member's phone reports where it is while the squad is on duty; the
// dispatchers' wall screen follows it live, and reporting stops off duty.
describe.skipIf(!hasChromium)('squad position reporting, in the browser', () => {
  const world = useBrowserWorld();

  it('moves the squad on the wall screen as its phone moves, and stops reporting off duty', async () => {
    const squadId = world.fixture.squadIds.near;
    const { page: wall } = await openWallScreen(world);
    const item = wall.locator(`[data-testid="squad-item"][data-squad-id="${squadId}"]`);
    // At first the wall shows where the fixture put the squad.
    await expect.poll(() => shownPosition(item)).toEqual(rounded(SQUADS.near.at));

    const { context, phone } = await openLocatedPhone(world, 'near_member', FIRST);
    const gps = phone.getByTestId('gps-status');

    // The first fix is sent at once.
    await expect.poll(() => gps.getAttribute('data-state'), { timeout: 20_000 }).toBe('reporting');
    await expect.poll(() => shownPosition(item), { timeout: 20_000 }).toEqual(rounded(FIRST));
    expect(await storedPosition(world, squadId)).toEqual(rounded(FIRST));

    // The phone moves; the next report waits for the 10 s throttle, then the wall follows.
    await context.setGeolocation(SECOND);
    await expect.poll(() => shownPosition(item), { timeout: 30_000 }).toEqual(rounded(SECOND));
    expect(await storedPosition(world, squadId)).toEqual(rounded(SECOND));

    // Off duty the phone stops watching: a later move is not reported, even after the throttle would allow it.
    await phone.getByTestId('squad-status-off_duty').click();
    await expect.poll(() => gps.getAttribute('data-state')).toBe('off');
    await expect.poll(() => item.getAttribute('data-status')).toBe('off_duty');
    await context.setGeolocation(FIRST);
    await new Promise((resolve) => setTimeout(resolve, 11_000));
    expect(await storedPosition(world, squadId)).toEqual(rounded(SECOND));
    expect(await shownPosition(item)).toEqual(rounded(SECOND));

    await context.close();
  }, 120_000);
});
