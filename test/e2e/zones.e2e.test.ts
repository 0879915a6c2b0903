import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { ZoneDto } from '@civic/shared';
import { hasChromium } from '../support/env.ts';
import { logIn, openWallScreen, useBrowserWorld, type BrowserWorld } from './browser.ts';

/** Loading a page with a map on a busy machine takes longer than expect.poll's default second. */
const LOADING = { timeout: 20_000 };

async function listZones(world: BrowserWorld): Promise<ZoneDto[]> {
  return (await world.server.request<ZoneDto[]>('GET', '/api/zones', { token: world.tokens.admin })).body;
}

async function openAdmin(world: BrowserWorld): Promise<Page> {
  const page = await (await world.browser.newContext({ viewport: { width: 1600, height: 1000 } })).newPage();
  await logIn(world, page, 'admin');
  await expect.poll(() => page.getByTestId('wall-screen').count(), LOADING).toBe(1);
  await page.goto(`${world.server.baseUrl}/#/admin`);
  await expect.poll(() => page.getByTestId('admin-zones').count(), LOADING).toBe(1);
  return page;
}

describe.skipIf(!hasChromium)('zones in the browser', { timeout: 90_000 }, () => {
  const world = useBrowserWorld();

  it('shows the zone layer on the wall screen, hides it with the toggle (remembered), and draws a new zone live', async () => {
    const { page } = await openWallScreen(world);
    const layer = page.getByTestId('zone-layer');
    const toggle = page.getByTestId('zone-layer-toggle');
    // The fixture's night market.
    await expect.poll(() => layer.getAttribute('data-zone-count'), LOADING).toBe('1');
    expect(await layer.getAttribute('data-visible')).toBe('true');

    await toggle.click();
    await expect.poll(() => layer.getAttribute('data-visible')).toBe('false');
    expect(await toggle.getAttribute('data-checked')).toBe('false');

    // Remembered across a reload.
    await page.reload();
    await expect.poll(() => page.getByTestId('zone-layer').getAttribute('data-visible'), LOADING).toBe('false');
    await page.getByTestId('zone-layer-toggle').click();
    await expect.poll(() => page.getByTestId('zone-layer').getAttribute('data-visible')).toBe('true');

    // An admin draws a zone elsewhere: the wall screen draws it without a reload.
    const created = await world.server.request('POST', '/api/zones', {
      token: world.tokens.admin,
      body: {
        kind: 'grid',
        name: '浏览器测试网格',
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [113.61, 34.81],
              [113.62, 34.81],
              [113.62, 34.82],
              [113.61, 34.82],
              [113.61, 34.81],
            ],
          ],
        },
      },
    });
    expect(created.status).toBe(201);
    await expect.poll(() => page.getByTestId('zone-layer').getAttribute('data-zone-count'), LOADING).toBe('2');
    await page.context().close();
  });

  it('lets an admin draw a polygon on the map and save it as a vending point with hours', async () => {
    const page = await openAdmin(world);
    const editor = page.getByTestId('zone-editor');
    const map = editor.getByTestId('map');
    await expect.poll(() => map.getAttribute('data-loaded'), LOADING).toBe('true');

    await editor.getByTestId('zone-new').click();
    await editor.getByTestId('zone-name').fill('浏览器绘制疏导点');
    await editor.getByTestId('zone-add-hours').click();
    await editor.getByTestId('zone-draw-polygon').click();

    // A square in the middle of the map, clear of the drawing buttons at the top; closed on its first corner.
    const box = await map.boundingBox();
    if (!box) throw new Error('map has no bounding box');
    const cx = box.x + box.width * 0.5;
    const cy = box.y + box.height * 0.55;
    const corners: [number, number][] = [
      [cx - 60, cy - 60],
      [cx + 60, cy - 60],
      [cx + 60, cy + 60],
      [cx - 60, cy + 60],
      [cx - 60, cy - 60],
    ];
    for (const [x, y] of corners) {
      await page.mouse.move(x, y, { steps: 4 });
      await page.mouse.click(x, y);
      await page.waitForTimeout(150);
    }
    const tools = editor.getByTestId('zone-draw-tools');
    await expect.poll(() => tools.getAttribute('data-parts'), LOADING).toBe('1');

    await editor.getByTestId('zone-save').click();
    await expect.poll(() => editor.getByTestId('zone-message').count(), LOADING).toBe(1);

    const saved = (await listZones(world)).find((zone) => zone.name === '浏览器绘制疏导点');
    expect(saved).toMatchObject({ kind: 'vending', openingHours: [{ start: '18:00', end: '22:00' }] });
    const ring = saved!.geometry.coordinates[0]![0]!;
    expect(ring).toHaveLength(5);
    expect(ring[0]).toEqual(ring[4]);
    // Inside the district the map shows (the fixture's 113.60–113.66, 34.80–34.86).
    for (const [lng, lat] of ring) {
      expect(lng).toBeGreaterThan(113.6);
      expect(lng).toBeLessThan(113.66);
      expect(lat).toBeGreaterThan(34.8);
      expect(lat).toBeLessThan(34.86);
    }
    expect(await editor.locator(`[data-testid="zone-item"][data-zone-name="浏览器绘制疏导点"]`).count()).toBe(1);
    await page.context().close();
  });
});
