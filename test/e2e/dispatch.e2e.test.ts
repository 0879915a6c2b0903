import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { CaseDto } from '@civic/shared';
import { buildWebIfStale } from '../../scripts/build-web.mjs';
import { startTestServer, type TestServer } from '../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { chromiumPath, hasChromium } from '../support/env.ts';
import { CROSSING, PASSWORD, seedFixture, type Fixture } from '../support/fixtures.ts';

// The walking skeleton end to end, in real Chromium: a dispatcher sees a new
// complaint on the map and in the list, assigns the nearest squad, and the
// squad's phone view shows it.
describe.skipIf(!hasChromium)('dispatcher to squad, in the browser', () => {
  let db: TestDatabase;
  let fixture: Fixture;
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    if (!buildWebIfStale()) throw new Error('web build failed');
    db = await createTestDatabase();
    fixture = await seedFixture(db.pool);
    server = await startTestServer(db);
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await db?.drop();
  });

  async function logIn(page: Page, username: string) {
    await page.goto(server.baseUrl);
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
  }

  it('shows a filed complaint live, assigns the nearest squad, and the squad sees it', async () => {
    const wall = await (await browser.newContext({ viewport: { width: 1600, height: 900 } })).newPage();
    await logIn(wall, 'dispatcher');
    await expect.poll(() => wall.getByTestId('wall-screen').count()).toBe(1);
    const map = wall.getByTestId('map');
    await expect.poll(() => map.getAttribute('data-loaded'), { timeout: 20_000 }).toBe('true');
    const markersBefore = Number(await map.getAttribute('data-case-count'));

    const clerk = await server.login('clerk');
    const filed = await server.request<CaseDto>('POST', '/api/cases', {
      token: clerk.token,
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
    await expect.poll(() => first.getAttribute('data-squad-id')).toBe(String(fixture.squadIds.near));
    await first.getByTestId('assign-button').click();
    await expect.poll(() => item.getAttribute('data-status')).toBe('dispatched');

    const phone = await (
      await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })
    ).newPage();
    await logIn(phone, 'near_member');
    await expect.poll(() => phone.getByTestId('squad-view').count()).toBe(1);
    const card = phone.locator(`[data-testid="squad-case"][data-case-id="${filed.body.id}"]`);
    await expect.poll(() => card.count()).toBe(1);

    // The squad accepts on the phone; the wall screen follows without a reload.
    await card.getByTestId('accept-button').click();
    await expect.poll(() => card.getAttribute('data-status')).toBe('accepted');
    await expect.poll(() => item.getAttribute('data-status')).toBe('accepted');
  });
});
