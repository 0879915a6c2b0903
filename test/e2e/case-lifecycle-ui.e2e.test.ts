import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { CaseDto, CategoryDto } from '@civic/shared';
import { hasChromium } from '../support/env.ts';
import { CROSSING } from '../support/fixtures.ts';
import { solidPng } from '../support/png.ts';
import { logIn, openPhone, openWallScreen, useBrowserWorld, type BrowserWorld } from './browser.ts';

/** Width and height from a JPEG's first start-of-frame marker. */
function jpegSize(jpeg: Buffer): { width: number; height: number } | null {
  let at = 2;
  while (at + 9 < jpeg.length) {
    const marker = jpeg[at + 1]!;
    const length = jpeg.readUInt16BE(at + 2);
    if (marker >= 0xc0 && marker <= 0xc2)
      return { height: jpeg.readUInt16BE(at + 5), width: jpeg.readUInt16BE(at + 7) };
    at += 2 + length;
  }
  return null;
}

async function fileCase(world: BrowserWorld, description: string): Promise<CaseDto> {
  const filed = await world.server.request<CaseDto>('POST', '/api/cases', {
    token: world.tokens.clerk,
    body: { channel: 'hotline', description, location: CROSSING, categoryCode: '0201' },
  });
  expect(filed.status).toBe(201);
  return filed.body;
}

async function openCaseOnWall(wall: Page, item: CaseDto) {
  const listItem = wall.locator(`[data-testid="case-item"][data-case-id="${item.id}"]`);
  await expect.poll(() => listItem.count()).toBe(1);
  await listItem.click();
  const panel = wall.getByTestId('case-panel');
  await expect.poll(() => panel.getAttribute('data-case-id')).toBe(String(item.id));
  return { listItem, panel };
}

/** The lifecycle as people click it: wall screen, squad phones and the case's history. */
describe.skipIf(!hasChromium)('case lifecycle in the browser', { timeout: 90_000 }, () => {
  const world = useBrowserWorld();

  it('registers, dispatches, is handed back, disposed on the phone with a photo, and closed', async () => {
    const filed = await fileCase(world, '英才街口流动摊贩占道经营');
    const { page: wall } = await openWallScreen(world);
    const { listItem, panel } = await openCaseOnWall(wall, filed);

    // Registering: the button goes, the history shows it.
    await panel.getByTestId('action-register').click();
    await expect.poll(() => panel.getAttribute('data-status')).toBe('registered');
    await expect.poll(() => panel.getByTestId('action-register').count()).toBe(0);
    const timeline = panel.getByTestId('case-timeline');
    await expect
      .poll(() => timeline.locator('[data-testid="timeline-entry"][data-type="case:registered"]').count())
      .toBe(1);

    // Dispatch to the nearest squad from the recommendations.
    const near = panel.locator(`[data-testid="recommendation"][data-squad-id="${world.fixture.squadIds.near}"]`);
    await near.getByTestId('assign-button').click();
    await expect.poll(() => listItem.getAttribute('data-status')).toBe('dispatched');
    await expect.poll(() => timeline.getByTestId('clock').count()).toBeGreaterThan(0);
    expect(await timeline.getByTestId('clock-elapsed').first().textContent()).toContain('工作时');

    // The squad hands it back with a reason: it leaves the squad's phone.
    const nearPhone = await openPhone(world, 'near_member');
    const nearCard = nearPhone.locator(`[data-testid="squad-case"][data-case-id="${filed.id}"]`);
    await expect.poll(() => nearCard.count()).toBe(1);
    await nearCard.getByTestId('return-button').click();
    await nearCard.getByTestId('action-submit').click();
    await expect.poll(() => nearCard.getByTestId('action-error').count()).toBe(1);
    await nearCard.getByTestId('action-reason').fill('不属本中队辖区');
    await nearCard.getByTestId('action-submit').click();
    await expect.poll(() => nearCard.count()).toBe(0);
    await expect.poll(() => listItem.getAttribute('data-status')).toBe('returned');
    await expect
      .poll(() => timeline.locator('[data-testid="timeline-entry"][data-type="case:returned"]').textContent())
      .toContain('不属本中队辖区');

    // Dispatched again, to another squad, from the same panel.
    const middle = panel.locator(`[data-testid="recommendation"][data-squad-id="${world.fixture.squadIds.middle}"]`);
    await middle.getByTestId('assign-button').click();
    await expect.poll(() => listItem.getAttribute('data-status')).toBe('dispatched');

    // The other squad works it through on the phone, with a photo.
    const phone = await openPhone(world, 'middle_member');
    const card = phone.locator(`[data-testid="squad-case"][data-case-id="${filed.id}"]`);
    await expect.poll(() => card.count()).toBe(1);
    await card.getByTestId('accept-button').click();
    await expect.poll(() => card.getAttribute('data-status')).toBe('accepted');
    await card.getByTestId('en-route-button').click();
    await expect.poll(() => card.getAttribute('data-status')).toBe('en_route');
    await card.getByTestId('on-scene-button').click();
    await expect.poll(() => card.getAttribute('data-status')).toBe('on_scene');
    await card.getByTestId('resolve-note').fill('已劝离占道商户，现场已清理');
    await card
      .getByTestId('photo-input')
      .setInputFiles({ name: 'site.png', mimeType: 'image/png', buffer: solidPng(2400, 1200) });
    await expect.poll(() => card.getByTestId('photo-count').getAttribute('data-count')).toBe('1');
    await card.getByTestId('resolve-button').click();
    // The photo is shrunk on the phone before the step is queued: seconds on a busy machine.
    await expect.poll(() => card.getAttribute('data-status'), { timeout: 15_000 }).toBe('disposed');
    await expect.poll(() => listItem.getAttribute('data-status')).toBe('disposed');

    const disposed = timeline.locator('[data-testid="timeline-entry"][data-type="case:disposed"]');
    await expect.poll(() => disposed.count()).toBe(1);
    expect(await disposed.textContent()).toContain('已劝离占道商户');
    expect(await disposed.textContent()).toContain('1 张');
    // Shrunk to a 1600 px JPEG on the phone before it was sent.
    const photos = await world.db.pool.query<{ content_type: string; bytes: Buffer }>(
      'SELECT content_type, bytes FROM case_photos WHERE case_id = $1',
      [filed.id],
    );
    expect(photos.rows.map((p) => p.content_type)).toEqual(['image/jpeg']);
    expect(jpegSize(photos.rows[0]!.bytes)).toEqual({ width: 1600, height: 800 });

    // A supervisor verifies and closes it from the wall screen's panel.
    const supervisorWall = await (await world.browser.newContext({ viewport: { width: 1600, height: 900 } })).newPage();
    await logIn(world, supervisorWall, 'supervisor');
    await expect.poll(() => supervisorWall.getByTestId('login-submit').count()).toBe(0);
    await supervisorWall.goto(`${world.server.baseUrl}/#/dispatch`);
    await expect.poll(() => supervisorWall.getByTestId('wall-screen').count()).toBe(1);
    const { panel: supervisorPanel } = await openCaseOnWall(supervisorWall, filed);
    await supervisorPanel.getByTestId('action-close').click();
    await supervisorPanel.getByTestId('action-comment').fill('现场核实已清理');
    await supervisorPanel.getByTestId('action-submit').click();
    await expect.poll(() => supervisorPanel.getAttribute('data-status')).toBe('closed');
    // Closed cases leave the open list everywhere.
    await expect.poll(() => listItem.count()).toBe(0);
  });

  it('shows a case on its own page, with its history', async () => {
    const filed = await fileCase(world, '夜市油烟扰民');
    const context = await world.browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    await logIn(world, page, 'dispatcher');
    await expect.poll(() => page.getByTestId('wall-screen').count()).toBe(1);
    await page.goto(`${world.server.baseUrl}/#/cases/${filed.id}`);
    const casePage = page.getByTestId('case-page');
    await expect.poll(() => casePage.count()).toBe(1);
    await expect
      .poll(() => casePage.getByTestId('timeline-entry').first().getAttribute('data-type'))
      .toBe('case:created');
    await casePage.getByTestId('action-reject').click();
    await casePage.getByTestId('action-reason').fill('重复投诉');
    await casePage.getByTestId('action-submit').click();
    await expect
      .poll(() => casePage.locator('[data-status]').first().getAttribute('data-status'))
      .toBe('not_registered');
  });

  it('lets the administrator change a category’s limits and the bureau’s clock settings', async () => {
    const context = await world.browser.newContext({ viewport: { width: 1600, height: 900 } });
    const page = await context.newPage();
    await logIn(world, page, 'admin');
    await expect.poll(() => page.getByTestId('wall-screen').count()).toBe(1);
    await page.goto(`${world.server.baseUrl}/#/admin`);
    await expect.poll(() => page.getByTestId('admin-page').count()).toBe(1);

    const row = page.locator('[data-testid="category-row"][data-code="0201"]');
    await expect.poll(() => row.count()).toBe(1);
    await row.getByTestId('category-limit-dispose').fill('3');
    await row.getByTestId('category-unit-dispose').selectOption('working_hours');
    await row.getByTestId('category-save').click();
    await expect.poll(() => row.getByTestId('category-message').getAttribute('data-ok')).toBe('true');
    const categories = await world.server.request<CategoryDto[]>('GET', '/api/categories', {
      token: world.tokens.admin,
    });
    expect(categories.body.find((c) => c.code === '0201')?.limits.dispose).toEqual({
      amount: 3,
      unit: 'working_hours',
    });

    await page.getByTestId('warn-percent').fill('75');
    await page.getByTestId('clock-settings-save').click();
    await expect.poll(() => page.getByTestId('clock-settings-message').getAttribute('data-ok')).toBe('true');

    await page.getByTestId('calendar-date').fill('2031-10-11');
    await page.getByTestId('calendar-working').selectOption({ index: 0 });
    await page.getByTestId('calendar-add').click();
    const override = page.locator('[data-testid="calendar-override"][data-date="2031-10-11"]');
    await expect.poll(() => override.count()).toBe(1);
    await override.getByTestId('calendar-delete').click();
    await expect.poll(() => override.count()).toBe(0);

    // Anyone else is sent home.
    const other = await (await world.browser.newContext()).newPage();
    await logIn(world, other, 'dispatcher');
    await expect.poll(() => other.getByTestId('wall-screen').count()).toBe(1);
    await other.goto(`${world.server.baseUrl}/#/admin`);
    await expect.poll(() => other.url()).toContain('#/dispatch');
  });
});
