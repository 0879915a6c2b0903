import { describe, expect, it } from 'vitest';
import type { CaseDto } from '@civic/shared';
import { hasChromium } from '../support/env.ts';
import { openWallScreen, useBrowserWorld } from './browser.ts';

/** The fixture's one sub-district, which is the whole district. */
const DISTRICT = { minLng: 113.6, minLat: 34.8, maxLng: 113.66, maxLat: 34.86 };

// A complaint whose address the gazetteer cannot place reaches the wall screen
// without a pin; a dispatcher places it by clicking the map, and it then gets
// a marker and nearby squads like any other case.
describe.skipIf(!hasChromium)('placing a case on the map, in the browser', () => {
  const world = useBrowserWorld();

  it('places a needs-location case by clicking the map, then recommends squads for it', async () => {
    const { page: wall, map } = await openWallScreen(world);
    const markersBefore = Number(await map.getAttribute('data-case-count'));

    const filed = await world.server.request<CaseDto>('POST', '/api/cases', {
      token: world.tokens.clerk,
      body: {
        channel: 'hotline',
        description: '有人在小巷里占道摆摊',
        address: '城北那个菜市场旁边的小巷',
        categoryCode: '0201',
      },
    });
    expect(filed.status).toBe(201);
    expect(filed.body.needsLocation).toBe(true);
    expect(filed.body.location).toBeNull();

    // Listed with the tag, also under the needs-location filter, but not on the map.
    const item = wall.locator(`[data-testid="case-item"][data-case-no="${filed.body.caseNo}"]`);
    await expect.poll(() => item.count()).toBe(1);
    expect(await item.getByTestId('needs-location').count()).toBe(1);
    await wall.getByTestId('filter-needs-location').click();
    await expect.poll(() => wall.getByTestId('case-list').getAttribute('data-filter')).toBe('needs-location');
    expect(await item.count()).toBe(1);
    expect(Number(await map.getAttribute('data-case-count'))).toBe(markersBefore);

    await item.click();
    const panel = wall.getByTestId('case-panel');
    await expect.poll(() => panel.getAttribute('data-case-id')).toBe(String(filed.body.id));
    expect(await panel.getByTestId('recommendation').count()).toBe(0);

    // Esc leaves placing mode but keeps the panel open.
    await panel.getByTestId('locate-button').click();
    await expect.poll(() => wall.getByTestId('placing-hint').count()).toBe(1);
    await wall.keyboard.press('Escape');
    await expect.poll(() => wall.getByTestId('placing-hint').count()).toBe(0);
    expect(await panel.count()).toBe(1);

    // The map fits the district at start; the panel covers the map's right edge,
    // so click left of centre, well inside the district.
    await panel.getByTestId('locate-button').click();
    await expect.poll(() => wall.getByTestId('placing-hint').count()).toBe(1);
    const box = await map.boundingBox();
    if (!box) throw new Error('map has no bounding box');
    await wall.mouse.click(box.x + box.width * 0.35, box.y + box.height * 0.5);

    await expect.poll(() => panel.getByTestId('locate-message').getAttribute('data-ok')).toBe('true');
    await expect.poll(() => wall.getByTestId('placing-hint').count()).toBe(0);
    await expect.poll(async () => Number(await map.getAttribute('data-case-count'))).toBe(markersBefore + 1);
    await expect.poll(() => panel.getByTestId('recommendation').count()).toBeGreaterThan(0);
    expect(await item.getByTestId('needs-location').count()).toBe(0);

    const placed = await world.server.request<CaseDto>('GET', `/api/cases/${filed.body.id}`, {
      token: world.tokens.dispatcher,
    });
    expect(placed.status).toBe(200);
    expect(placed.body.locationSource).toBe('manual');
    expect(placed.body.needsLocation).toBe(false);
    const { lng, lat } = placed.body.location ?? { lng: NaN, lat: NaN };
    expect(lng).toBeGreaterThan(DISTRICT.minLng);
    expect(lng).toBeLessThan(DISTRICT.maxLng);
    expect(lat).toBeGreaterThan(DISTRICT.minLat);
    expect(lat).toBeLessThan(DISTRICT.maxLat);
  });
});
