import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { CaseDto, CaseTimeline, MerchantDto, MerchantHistory } from '@civic/shared';
import { hasChromium } from '../support/env.ts';
import { CROSSING } from '../support/fixtures.ts';
import { logIn, openPhone, openWallScreen, useBrowserWorld, type BrowserWorld } from './browser.ts';

/** As web/src/lib/merchant-grades.ts paints them: the test reads the colour the layer was given. */
const BLUE = '#1e6fd9';
const YELLOW = '#f5c400';

/** About 20 m north-east of the crossing: well inside the candidates' 150 m. */
const NEAR_CROSSING = { lng: CROSSING.lng + 0.00015, lat: CROSSING.lat + 0.00012 };

async function registerMerchant(world: BrowserWorld, name: string): Promise<MerchantDto> {
  const created = await world.server.request<MerchantDto>('POST', '/api/merchants', {
    token: world.tokens.admin,
    body: {
      name,
      kind: 'street_vendor',
      operatorName: '王建国',
      operatorPhone: '13812345678',
      businessType: '水果',
      businessTools: '三轮车',
      address: '天河路与英才街交叉口东北角',
      location: NEAR_CROSSING,
    },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  expect(created.body.grade).toBe('blue');
  return created.body;
}

async function fileComplaint(world: BrowserWorld, description: string): Promise<CaseDto> {
  const filed = await world.server.request<CaseDto>('POST', '/api/cases', {
    token: world.tokens.clerk,
    body: { channel: 'hotline', description, location: CROSSING, categoryCode: '0201' },
  });
  expect(filed.status).toBe(201);
  return filed.body;
}

/** The merchant as the wall screen's map layer last drew it. */
function mapPoint(page: Page, merchantId: number): Locator {
  return page.locator(`[data-testid="merchant-point"][data-merchant-id="${merchantId}"]`);
}

async function openCase(page: Page, item: CaseDto): Promise<Locator> {
  await page.locator(`[data-testid="case-item"][data-case-id="${item.id}"]`).click();
  const panel = page.getByTestId('case-panel');
  await expect.poll(() => panel.getAttribute('data-case-id')).toBe(String(item.id));
  return panel;
}

// Issue 6 end to end: a confirmed violation turns a blue merchant yellow on
// the dispatcher's map, pushed live, without a reload.
describe.skipIf(!hasChromium)('一卡四色 in the browser', { timeout: 180_000 }, () => {
  const world = useBrowserWorld();

  it('links a complaint to the merchant nearby, and closing it as a confirmed violation turns the merchant yellow live', async () => {
    const merchant = await registerMerchant(world, '英才街口老王水果摊');
    const filed = await fileComplaint(world, '英才街口水果摊占道经营');

    const { page: wall } = await openWallScreen(world);
    const point = mapPoint(wall, merchant.id);
    await expect.poll(() => point.getAttribute('data-grade'), { timeout: 20_000 }).toBe('blue');
    expect(await point.getAttribute('data-color')).toBe(BLUE);
    expect(await wall.getByTestId('merchant-layer').getAttribute('data-visible')).toBe('true');
    // Marks this document: a reload would lose it.
    await wall.evaluate(() => ((window as unknown as { loadedOnce: boolean }).loadedOnce = true));

    // The dispatcher sees the merchant among the candidates and links the case to it.
    const panel = await openCase(wall, filed);
    const candidate = panel.locator(`[data-testid="merchant-candidate"][data-merchant-id="${merchant.id}"]`);
    await expect.poll(() => candidate.count(), { timeout: 10_000 }).toBe(1);
    expect(await candidate.getByTestId('grade-chip').getAttribute('data-grade')).toBe('blue');
    await candidate.getByTestId('merchant-link-button').click();
    const linked = panel.getByTestId('case-merchant-linked');
    await expect.poll(() => linked.count()).toBe(1);
    expect(await linked.textContent()).toContain('英才街口老王水果摊');
    expect(await linked.getAttribute('data-grade')).toBe('blue');
    const stored = await world.server.request<CaseDto>('GET', `/api/cases/${filed.id}`, {
      token: world.tokens.dispatcher,
    });
    expect(stored.body.merchant).toEqual({ id: merchant.id, name: merchant.name, grade: 'blue' });

    // Dispatched, and dealt with by the squad (over the API: the steps are not what this test is about).
    const assigned = await world.server.request<CaseDto>('POST', `/api/cases/${filed.id}/assignments`, {
      token: world.tokens.dispatcher,
      body: { squadId: world.fixture.squadIds.near },
    });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(201);
    for (const [path, body] of [
      ['accept', {}],
      ['dispose', { note: '已责令摊主退回店内经营' }],
    ] as const) {
      const step = await world.server.request<CaseDto>('POST', `/api/cases/${filed.id}/${path}`, {
        token: world.tokens.near_member,
        body,
      });
      expect(step.status, JSON.stringify(step.body)).toBe(200);
    }

    // A supervisor closes it on their own screen, ticking "violation confirmed".
    const supervisor = await (await world.browser.newContext({ viewport: { width: 1600, height: 900 } })).newPage();
    await logIn(world, supervisor, 'supervisor');
    await expect.poll(() => supervisor.getByTestId('logout').count()).toBe(1);
    await supervisor.evaluate(() => (window.location.hash = '#/dispatch'));
    await expect.poll(() => supervisor.getByTestId('wall-screen').count()).toBe(1);
    const supervisorPanel = await openCase(supervisor, filed);
    await expect.poll(() => supervisorPanel.getAttribute('data-status')).toBe('disposed');
    await supervisorPanel.getByTestId('action-close').click();
    const form = supervisorPanel.locator('[data-testid="action-form"][data-action="close"]');
    await form.getByTestId('action-comment').fill('现场核实，占道属实');
    const confirmed = form.getByTestId('action-violation-confirmed');
    expect(await confirmed.isChecked()).toBe(false);
    await confirmed.check();
    // The case's category is one of the rules' violation types: it is the default.
    await expect.poll(() => form.getByTestId('action-violation-type').inputValue()).toBe('0201');
    await form.getByTestId('action-submit').click();
    await expect.poll(() => supervisorPanel.getAttribute('data-status')).toBe('closed');

    // On the dispatcher's map, without a reload, the merchant is yellow now.
    await expect.poll(() => point.getAttribute('data-grade'), { timeout: 15_000 }).toBe('yellow');
    expect(await point.getAttribute('data-color')).toBe(YELLOW);
    expect(await wall.evaluate(() => (window as unknown as { loadedOnce?: boolean }).loadedOnce)).toBe(true);

    // The layer can be switched off, and stays off the next time the screen opens.
    const layer = wall.getByTestId('merchant-layer');
    await wall.getByTestId('merchant-layer-toggle-input').uncheck();
    await expect.poll(() => layer.getAttribute('data-visible')).toBe('false');
    await wall.reload();
    await expect.poll(() => wall.getByTestId('map').getAttribute('data-loaded'), { timeout: 20_000 }).toBe('true');
    await expect.poll(() => layer.getAttribute('data-state'), { timeout: 20_000 }).toBe('ready');
    expect(await layer.getAttribute('data-visible')).toBe('false');
    // Read afresh from the registry: still yellow.
    expect(await point.getAttribute('data-grade')).toBe('yellow');

    // The record says why; the case's history says what it did to the grade.
    const history = await world.server.request<MerchantHistory>('GET', `/api/merchants/${merchant.id}/history`, {
      token: world.tokens.supervisor,
    });
    expect(history.body.violations.map((v) => [v.caseId, v.violationType])).toEqual([[filed.id, '0201']]);
    expect(history.body.grades.map((g) => [g.fromGrade, g.toGrade, g.reason])).toContainEqual([
      'blue',
      'yellow',
      'first_violation',
    ]);
    const timeline = await world.server.request<CaseTimeline>('GET', `/api/cases/${filed.id}/timeline`, {
      token: world.tokens.supervisor,
    });
    const closed = timeline.body.events.find((e) => e.type === 'case:closed');
    expect(closed?.detail.violation).toMatchObject({ confirmed: true, fromGrade: 'blue', toGrade: 'yellow' });
  });

  it('the squad links the case on its phone; closing without ticking the box leaves the merchant blue', async () => {
    const merchant = await registerMerchant(world, '天河路张记早点');
    const filed = await fileComplaint(world, '早点摊店外经营');
    const assigned = await world.server.request('POST', `/api/cases/${filed.id}/assignments`, {
      token: world.tokens.dispatcher,
      body: { squadId: world.fixture.squadIds.middle },
    });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(201);
    // On scene, the squad links the case to the merchant from its phone, and sees the grade.
    const phone = await openPhone(world, 'middle_member');
    const card = phone.locator(`[data-testid="squad-case"][data-case-id="${filed.id}"]`);
    const candidate = card.locator(`[data-testid="merchant-candidate"][data-merchant-id="${merchant.id}"]`);
    await expect.poll(() => candidate.count(), { timeout: 10_000 }).toBe(1);
    await candidate.getByTestId('merchant-link-button').click();
    await expect.poll(() => card.getByTestId('case-merchant-linked').getAttribute('data-grade')).toBe('blue');
    expect(await card.getByTestId('case-merchant-linked').textContent()).toContain('天河路张记早点');
    await world.server.request('POST', `/api/cases/${filed.id}/accept`, {
      token: world.tokens.middle_member,
      body: {},
    });
    const disposed = await world.server.request<CaseDto>('POST', `/api/cases/${filed.id}/dispose`, {
      token: world.tokens.middle_member,
      body: { note: '已劝离' },
    });
    expect(disposed.body.status, JSON.stringify(disposed.body)).toBe('disposed');

    const supervisor = await (await world.browser.newContext({ viewport: { width: 1600, height: 900 } })).newPage();
    await logIn(world, supervisor, 'supervisor');
    await expect.poll(() => supervisor.getByTestId('logout').count()).toBe(1);
    await supervisor.evaluate(() => (window.location.hash = '#/dispatch'));
    const panel = await openCase(supervisor, filed);
    // The panel shows whom the case is about, with the grade in words.
    expect(await panel.getByTestId('case-merchant-linked').textContent()).toContain('蓝');
    await panel.getByTestId('action-close').click();
    const form = panel.locator('[data-testid="action-form"][data-action="close"]');
    await expect.poll(() => form.getByTestId('action-violation').count()).toBe(1);
    await form.getByTestId('action-submit').click();
    await expect.poll(() => panel.getAttribute('data-status')).toBe('closed');

    const timeline = await world.server.request<CaseTimeline>('GET', `/api/cases/${filed.id}/timeline`, {
      token: world.tokens.supervisor,
    });
    expect(timeline.body.events.find((e) => e.type === 'case:closed')?.detail.violation).toMatchObject({
      confirmed: false,
    });
    const after = await world.server.request<MerchantDto>('GET', `/api/merchants/${merchant.id}`, {
      token: world.tokens.supervisor,
    });
    expect(after.body.grade).toBe('blue');
  });

  it('registers a merchant on the registry page, placed on the map, and finds it again by phone', async () => {
    const page = await (await world.browser.newContext({ viewport: { width: 1500, height: 950 } })).newPage();
    await logIn(world, page, 'supervisor');
    await expect.poll(() => page.getByTestId('logout').count()).toBe(1);
    await page.getByTestId('nav-merchants').click();
    await expect.poll(() => page.getByTestId('merchants-page').count()).toBe(1);

    await page.getByTestId('merchant-new').click();
    const form = page.getByTestId('merchant-form');
    await form.getByTestId('merchant-save').click();
    // Nothing sent yet: the form names what is missing.
    await expect.poll(() => form.getByTestId('merchant-form-error').textContent()).toContain('店名');

    await form.getByTestId('merchant-name').fill('长兴路李记烧烤');
    await form.getByTestId('merchant-kind').selectOption('shop');
    await form.getByTestId('merchant-operator-name').fill('李明');
    await form.getByTestId('merchant-operator-phone').fill('13900002222');
    await form.getByTestId('merchant-card-date').fill('2025-03-01');
    await form.getByTestId('merchant-card-by').fill('刘寨中队');
    const map = form.getByTestId('map');
    await expect.poll(() => map.getAttribute('data-loaded'), { timeout: 20_000 }).toBe('true');
    await map.click();
    await expect.poll(() => form.getByTestId('merchant-location-value').textContent()).toContain('WGS-84');
    await form.getByTestId('merchant-save').click();

    const detail = page.getByTestId('merchant-detail');
    await expect.poll(() => detail.locator('h2').textContent()).toBe('长兴路李记烧烤');
    expect(await detail.getByTestId('merchant-grade').getAttribute('data-grade')).toBe('blue');
    expect(await detail.getByTestId('merchant-phone').textContent()).toBe('13900002222');
    expect(await detail.getByTestId('merchant-card').textContent()).toContain('刘寨中队');
    const id = Number(await detail.getAttribute('data-merchant-id'));
    expect(page.url()).toContain(`#/merchants/${id}`);

    // Searching by the phone finds it; a dispatcher sees the number masked.
    await page.getByTestId('merchant-search').fill('13900002222');
    const item = page.locator(`[data-testid="merchant-item"][data-merchant-id="${id}"]`);
    await expect.poll(() => page.getByTestId('merchant-item').count()).toBe(1);
    expect(await item.count()).toBe(1);

    const dispatcher = await (await world.browser.newContext({ viewport: { width: 1500, height: 950 } })).newPage();
    await logIn(world, dispatcher, 'dispatcher');
    await expect.poll(() => dispatcher.getByTestId('logout').count()).toBe(1);
    await dispatcher.evaluate((path) => (window.location.hash = path), `#/merchants/${id}`);
    const seen = dispatcher.getByTestId('merchant-detail');
    await expect.poll(() => seen.getByTestId('merchant-phone').textContent()).not.toBe('13900002222');
    expect(await seen.getByTestId('merchant-phone').textContent()).toContain('****');
    // Registry upkeep is for admins and supervisors.
    expect(await dispatcher.getByTestId('merchant-new').count()).toBe(0);
    expect(await seen.getByTestId('merchant-edit').count()).toBe(0);
  });

  it('a supervisor closing from the board records the confirmed violation too', async () => {
    const merchant = await registerMerchant(world, '英才街口李记烧烤');
    const filed = await fileComplaint(world, '英才街口烧烤摊占道经营');
    const steps = [
      ['dispatcher', `/api/cases/${filed.id}/merchant`, { merchantId: merchant.id }],
      ['dispatcher', `/api/cases/${filed.id}/assignments`, { squadId: world.fixture.squadIds.near }],
      ['near_member', `/api/cases/${filed.id}/accept`, {}],
      ['near_member', `/api/cases/${filed.id}/dispose`, { note: '已责令收摊' }],
    ] as const;
    await world.db.pool.query(`UPDATE squads SET status = 'available' WHERE id = $1`, [world.fixture.squadIds.near]);
    for (const [user, path, body] of steps) {
      const step = await world.server.request('POST', path, { token: world.tokens[user], body });
      expect(step.status, `${path} ${JSON.stringify(step.body)}`).toBeLessThan(300);
    }

    const board = await (await world.browser.newContext({ viewport: { width: 1600, height: 900 } })).newPage();
    await logIn(world, board, 'supervisor');
    await expect.poll(() => board.getByTestId('supervisor-board').count(), { timeout: 15_000 }).toBe(1);
    const row = board.locator(`[data-testid="board-row"][data-case-id="${filed.id}"]`);
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 10_000 }).toBe('disposed');
    await row.getByTestId('close-case-button').click();
    const confirmed = row.getByTestId('action-violation-confirmed');
    expect(await confirmed.isChecked()).toBe(false);
    await confirmed.check();
    await expect.poll(() => row.getByTestId('action-violation-type').inputValue()).toBe('0201');
    await row.getByTestId('close-case-submit').click();
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(0);

    const after = await world.server.request<MerchantDto>('GET', `/api/merchants/${merchant.id}`, {
      token: world.tokens.supervisor,
    });
    expect(after.body).toMatchObject({ grade: 'yellow', countingViolations: 1 });
    await board.context().close();
  });
});
