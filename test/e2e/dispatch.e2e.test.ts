import { describe, expect, it } from 'vitest';
import type { CaseDto } from '@civic/shared';
import { hasChromium } from '../support/env.ts';
import { CROSSING } from '../support/fixtures.ts';
import { openPhone, openWallScreen, useBrowserWorld } from './browser.ts';

// The walking skeleton end to end, in real Chromium: a dispatcher sees a new
// complaint on the map and in the list, assigns the nearest squad, and the
// squad's phone view shows it.
describe.skipIf(!hasChromium)('dispatcher to squad, in the browser', () => {
  const world = useBrowserWorld();

  it('shows a filed complaint live, assigns the nearest squad, and the squad sees it', async () => {
    const { page: wall, map } = await openWallScreen(world);
    const markersBefore = Number(await map.getAttribute('data-case-count'));

    const filed = await world.server.request<CaseDto>('POST', '/api/cases', {
      token: world.tokens.clerk,
      body: {
        channel: 'hotline',
        description: '天河路英才街口流动摊贩占道经营',
        location: CROSSING,
        categoryCode: '0201',
      },
    });
    expect(filed.status).toBe(201);

    const item = wall.locator(`[data-testid="case-item"][data-case-no="${filed.body.caseNo}"]`);
    await expect.poll(() => item.count()).toBe(1);
    await expect.poll(async () => Number(await map.getAttribute('data-case-count'))).toBe(markersBefore + 1);

    await item.click();
    const panel = wall.getByTestId('case-panel');
    const first = panel.getByTestId('recommendation').first();
    await expect.poll(() => first.getAttribute('data-squad-id')).toBe(String(world.fixture.squadIds.near));
    await first.getByTestId('assign-button').click();
    await expect.poll(() => item.getAttribute('data-status')).toBe('dispatched');

    const phone = await openPhone(world, 'near_member');
    const card = phone.locator(`[data-testid="squad-case"][data-case-id="${filed.body.id}"]`);
    await expect.poll(() => card.count()).toBe(1);

    // The squad accepts on the phone; the wall screen follows without a reload.
    await card.getByTestId('accept-button').click();
    await expect.poll(() => card.getAttribute('data-status')).toBe('accepted');
    await expect.poll(() => item.getAttribute('data-status')).toBe('accepted');
  });
  it('catches up after the server drops the wall screen’s socket: complaints filed meanwhile appear', async () => {
    const { page: wall } = await openWallScreen(world);
    await expect.poll(() => wall.getByTestId('connection-status').getAttribute('data-state')).toBe('online');

    world.server.app.realtime.io.disconnectSockets(true);
    await expect.poll(() => wall.getByTestId('connection-status').getAttribute('data-state')).not.toBe('online');
    const missed = await world.server.request<CaseDto>('POST', '/api/cases', {
      token: world.tokens.clerk,
      body: { channel: 'web', description: '断线期间受理的投诉', location: CROSSING },
    });
    expect(missed.status).toBe(201);

    // The client reconnects by itself and replays the log after its cursor.
    const item = wall.locator(`[data-testid="case-item"][data-case-no="${missed.body.caseNo}"]`);
    await expect.poll(() => item.count(), { timeout: 20_000 }).toBe(1);
    await expect.poll(() => wall.getByTestId('connection-status').getAttribute('data-state')).toBe('online');
  });
});
