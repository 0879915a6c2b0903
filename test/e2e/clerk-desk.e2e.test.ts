import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { CaseDto } from '@civic/shared';
import { hasChromium } from '../support/env.ts';
import { CROSSING } from '../support/fixtures.ts';
import { logIn, useBrowserWorld, type BrowserWorld } from './browser.ts';

/** The fixture's one sub-district, which is the whole district. */
const DISTRICT = { minLng: 113.6, minLat: 34.8, maxLng: 113.66, maxLat: 34.86 };

/** An intake clerk at the desk, signed in, with the map drawn. */
async function openDesk(world: BrowserWorld): Promise<Page> {
  const page = await (await world.browser.newContext({ viewport: { width: 1600, height: 900 } })).newPage();
  await logIn(world, page, 'clerk');
  // The clerk's home is the desk.
  await expect.poll(() => page.getByTestId('clerk-desk').count()).toBe(1);
  expect(page.url()).toContain('#/desk');
  const map = page.getByTestId('desk-map').getByTestId('map');
  await expect.poll(() => map.getAttribute('data-loaded'), { timeout: 20_000 }).toBe('true');
  return page;
}

const focusedTestId = (page: Page) =>
  page.evaluate(() => document.activeElement?.closest('[data-testid]')?.getAttribute('data-testid') ?? null);

/** Where an element is once it has stopped moving (the map eases to a chosen suggestion). */
async function settledBox(locator: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  let last = '';
  await expect
    .poll(
      async () => {
        const box = JSON.stringify(await locator.boundingBox());
        const settled = box !== 'null' && box === last;
        last = box;
        return settled;
      },
      { timeout: 5_000 },
    )
    .toBe(true);
  return JSON.parse(last) as { x: number; y: number; width: number; height: number };
}

async function getCase(world: BrowserWorld, id: number): Promise<CaseDto> {
  const { status, body } = await world.server.request<CaseDto>('GET', `/api/cases/${id}`, {
    token: world.tokens.supervisor,
  });
  expect(status).toBe(200);
  return body;
}

describe.skipIf(!hasChromium)('the clerk desk, in the browser', () => {
  const world = useBrowserWorld();

  it('takes a letter down from the keyboard alone: address suggestion, category chip, Ctrl+Enter', async () => {
    const page = await openDesk(world);

    // Focus starts on the channel; a single key picks it.
    await expect.poll(() => focusedTestId(page)).toBe('desk-channel');
    await page.keyboard.press('2');
    await expect.poll(() => page.getByTestId('desk-channel').getAttribute('data-value')).toBe('letter_visit');

    await page.keyboard.press('Tab');
    expect(await focusedTestId(page)).toBe('desk-name');
    await page.keyboard.type('王女士');
    await page.keyboard.press('Tab');
    expect(await focusedTestId(page)).toBe('desk-phone');
    await page.keyboard.type('13800138000');
    await page.keyboard.press('Tab');
    expect(await focusedTestId(page)).toBe('desk-address');
    await page.keyboard.type('天河路与英才街交叉口东北角');

    // The geocoder's suggestions, best first, with their level and confidence.
    const suggestions = page.getByTestId('desk-suggestion');
    await expect.poll(() => suggestions.first().getAttribute('data-level')).toBe('intersection');
    expect(Number(await suggestions.first().getAttribute('data-confidence'))).toBeGreaterThanOrEqual(0.6);
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => suggestions.first().getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Enter');

    const status = page.getByTestId('desk-pin-confidence');
    await expect.poll(() => status.getAttribute('data-state')).toBe('sure');
    expect(await status.getAttribute('data-level')).toBe('intersection');
    expect(await status.textContent()).toMatch(/交叉口 · 置信度 \d\.\d\d/);
    expect(await page.getByTestId('desk-pin').count()).toBe(1);
    expect(await suggestions.count()).toBe(0);

    await page.keyboard.press('Tab');
    expect(await focusedTestId(page)).toBe('desk-description');
    await page.keyboard.type('路口有人摆摊卖水果，占道经营，影响通行');

    // The suggested category is a chip; Tab reaches it, Enter takes it.
    const chip = page.locator('[data-testid="desk-category-suggestion"][data-code="0201"]');
    await expect.poll(() => chip.count()).toBe(1);
    expect(await page.getByTestId('desk-category').inputValue()).toBe('');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-code'))).toBe('0201');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('desk-category').inputValue()).toBe('0201');

    await page.keyboard.press('Control+Enter');

    // The receipt, with a link to the case; the form is empty again, focus back on the first field.
    const receipt = page.getByTestId('desk-filed');
    await expect.poll(() => receipt.getAttribute('data-case-no')).toMatch(/^HJ\d+/);
    const caseId = Number(await receipt.getAttribute('data-case-id'));
    expect(await receipt.getByRole('link').getAttribute('href')).toBe(`#/cases/${caseId}`);
    expect(await receipt.getAttribute('data-case-no')).toBe(await receipt.getByRole('link').textContent());
    await expect.poll(() => focusedTestId(page)).toBe('desk-channel');
    expect(await page.getByTestId('desk-address').inputValue()).toBe('');
    expect(await page.getByTestId('desk-description').inputValue()).toBe('');
    expect(await page.getByTestId('desk-name').inputValue()).toBe('');
    expect(await page.getByTestId('desk-pin-confidence').getAttribute('data-state')).toBe('none');
    // The channel stays for the next letter.
    expect(await page.getByTestId('desk-channel').getAttribute('data-value')).toBe('letter_visit');

    const filed = await getCase(world, caseId);
    expect(filed).toMatchObject({
      channel: 'letter_visit',
      categoryCode: '0201',
      address: '天河路与英才街交叉口东北角',
      complainantName: '王女士',
      complainantPhone: '13800138000',
      needsLocation: false,
      locationSource: 'gazetteer',
    });
    expect(filed.location?.lng).toBeCloseTo(CROSSING.lng, 4);
    expect(filed.location?.lat).toBeCloseTo(CROSSING.lat, 4);
    await page.context().close();
  });

  it('files a vague address without a point, then places it from the live needs-location queue', async () => {
    const page = await openDesk(world);
    const queue = page.getByTestId('desk-queue');
    await expect.poll(() => queue.getAttribute('data-count')).toBe('0');

    // The queue is live: a case filed elsewhere that nobody could place shows up without a reload.
    const elsewhere = await world.server.request<CaseDto>('POST', '/api/cases', {
      token: world.tokens.dispatcher,
      body: { channel: 'hotline', description: '小巷里有人占道摆摊', address: '城北那个菜市场旁边的小巷' },
    });
    expect(elsewhere.body.needsLocation).toBe(true);
    await expect
      .poll(() => page.locator(`[data-testid="desk-queue-item"][data-case-id="${elsewhere.body.id}"]`).count())
      .toBe(1);

    // A doubtful match: the pin says so.
    await page.getByTestId('desk-address').focus();
    await page.keyboard.type('天河小区门口');
    const suggestion = page.getByTestId('desk-suggestion').first();
    await expect.poll(() => suggestion.count()).toBe(1);
    expect(Number(await suggestion.getAttribute('data-confidence'))).toBeLessThan(0.6);
    await page.keyboard.press('Enter');
    const status = page.getByTestId('desk-pin-confidence');
    await expect.poll(() => status.getAttribute('data-state')).toBe('unsure');
    expect(await status.textContent()).toContain('请确认位置');
    expect(await page.getByTestId('desk-pin').getAttribute('data-state')).toBe('unsure');

    // Filed without confirming it: by the address only, so it waits to be placed.
    await page.getByTestId('desk-description').focus();
    await page.keyboard.type('小区门口堆了很多建筑垃圾');
    await page.keyboard.press('Control+Enter');
    const receipt = page.getByTestId('desk-filed');
    await expect.poll(() => receipt.getAttribute('data-needs-location')).toBe('true');
    const caseId = Number(await receipt.getAttribute('data-case-id'));
    const queued = await getCase(world, caseId);
    expect(queued).toMatchObject({ needsLocation: true, location: null, address: '天河小区门口' });

    // In the queue, oldest first; a click opens it and looks its address up.
    const item = page.locator(`[data-testid="desk-queue-item"][data-case-id="${caseId}"]`);
    await expect.poll(() => item.count()).toBe(1);
    expect(await page.getByTestId('desk-queue-item').first().getAttribute('data-case-id')).toBe(
      String(elsewhere.body.id),
    );
    await item.click();
    const lookup = page.getByTestId('desk-queue-address');
    expect(await lookup.inputValue()).toBe('天河小区门口');
    await expect.poll(() => focusedTestId(page)).toBe('desk-queue-address');
    await expect.poll(() => page.getByTestId('desk-suggestion').count()).toBe(1);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect.poll(() => status.getAttribute('data-state')).toBe('unsure');

    // Drag the pin north-east of the road's midpoint, where the clerk knows the gate is.
    const box = await settledBox(page.getByTestId('desk-pin'));
    const from = { x: box.x + box.width / 2, y: box.y + box.height * 0.35 };
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(from.x + 40, from.y - 30, { steps: 5 });
    await page.mouse.move(from.x + 80, from.y - 60, { steps: 5 });
    await page.mouse.up();
    await expect.poll(() => status.getAttribute('data-state')).toBe('manual');

    await page.getByTestId('desk-confirm-location').click();
    await expect.poll(() => page.getByTestId('desk-queue-message').getAttribute('data-ok')).toBe('true');
    await expect.poll(() => item.count()).toBe(0);
    await expect.poll(() => queue.getAttribute('data-count')).toBe('1');

    const placed = await getCase(world, caseId);
    expect(placed).toMatchObject({ needsLocation: false, locationSource: 'manual', address: '天河小区门口' });
    const { lng, lat } = placed.location ?? { lng: NaN, lat: NaN };
    expect(lng).toBeGreaterThan(CROSSING.lng);
    expect(lat).toBeGreaterThan(CROSSING.lat);
    expect(lng).toBeLessThan(DISTRICT.maxLng);
    expect(lat).toBeLessThan(DISTRICT.maxLat);
    await page.context().close();
  });

  it('a doubtful pin confirmed with Alt+C is filed at that point; the Alt shortcuts work from any field', async () => {
    const page = await openDesk(world);
    await page.getByTestId('desk-address').focus();
    await page.keyboard.type('天河小区门口');
    await expect.poll(() => page.getByTestId('desk-suggestion').count()).toBe(1);
    await page.keyboard.press('Enter');
    const status = page.getByTestId('desk-pin-confidence');
    await expect.poll(() => status.getAttribute('data-state')).toBe('unsure');
    await page.keyboard.press('Alt+KeyC');
    await expect.poll(() => status.getAttribute('data-state')).toBe('confirmed');

    await page.keyboard.press('Tab');
    await page.keyboard.type('小区门口有人占道摆摊');
    await expect.poll(() => page.getByTestId('desk-category-suggestion').count()).toBeGreaterThan(0);
    await page.keyboard.press('Alt+KeyA');
    await expect.poll(() => page.getByTestId('desk-category').inputValue()).toBe('0201');
    await page.keyboard.press('Alt+Digit3');
    await expect.poll(() => page.getByTestId('desk-channel').getAttribute('data-value')).toBe('web');
    await page.keyboard.press('Control+Enter');

    const receipt = page.getByTestId('desk-filed');
    await expect.poll(() => receipt.getAttribute('data-needs-location')).toBe('false');
    const filed = await getCase(world, Number(await receipt.getAttribute('data-case-id')));
    expect(filed).toMatchObject({
      channel: 'web',
      categoryCode: '0201',
      locationSource: 'point',
      needsLocation: false,
    });
    expect(filed.location?.lng).toBeCloseTo(CROSSING.lng, 4);
    expect(filed.location?.lat).toBeCloseTo(CROSSING.lat, 4);

    // Alt+Q: over to the queue's first case (the queue itself when it is empty).
    const waiting = Number(await page.getByTestId('desk-queue').getAttribute('data-count'));
    await page.keyboard.press('Alt+KeyQ');
    await expect.poll(() => focusedTestId(page)).toBe(waiting > 0 ? 'desk-queue-item' : 'desk-queue');
    await page.context().close();
  });

  it('speaks English after the toggle', async () => {
    const page = await openDesk(world);
    await page.getByTestId('lang-toggle').click();
    await expect.poll(() => page.getByTestId('desk-submit').textContent()).toContain('File case');
    expect(await page.getByTestId('desk-queue').textContent()).toContain('Needs location');
    await page.context().close();
  });
});
