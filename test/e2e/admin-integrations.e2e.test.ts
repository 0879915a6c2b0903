import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { HOTLINE_HEADERS, type HotlineSourceDto, type HotlineTicket, type Open311KeyDto } from '@civic/shared';
import { sign } from '../../server/src/modules/hotline/signature.ts';
import { hasChromium } from '../support/env.ts';
import { CROSSING } from '../support/fixtures.ts';
import { logIn, useBrowserWorld, type BrowserWorld } from './browser.ts';

/** Past expect.poll's one second: the admin page reads every section at once, and CI machines are busy. */
const PATIENT = { timeout: 15_000 };

let sequence = 0;

/** Posts a ticket to `webhookUrl` the way the platform does: signed over the exact bytes sent. */
async function sendTicket(webhookUrl: string, secret: string): Promise<number> {
  const ticket: HotlineTicket = {
    ticketNo: `HL-E2E-${Date.now().toString(36)}-${sequence++}`,
    categoryCode: '0201',
    description: '英才街有流动摊贩占道经营，影响通行',
    location: CROSSING,
    receivedAt: new Date().toISOString(),
  };
  const raw = JSON.stringify(ticket);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const response = await fetch(webhookUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [HOTLINE_HEADERS.timestamp]: timestamp,
      [HOTLINE_HEADERS.signature]: sign(secret, timestamp, raw),
    },
    body: raw,
  });
  await response.body?.cancel();
  return response.status;
}

/** Files a service request as an Open311 client would: form-encoded, its key in the body. */
async function fileOpen311(world: BrowserWorld, apiKey: string): Promise<number> {
  const response = await fetch(`${world.server.baseUrl}/open311/v2/requests.json`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body: new URLSearchParams({
      api_key: apiKey,
      service_code: '0101',
      lat: String(CROSSING.lat),
      long: String(CROSSING.lng),
      description: '英才街路口垃圾桶满溢',
    }).toString(),
  });
  await response.body?.cancel();
  return response.status;
}

/** Whether `text` is anywhere in the page: its markup, or the value of any input (a property, not in the markup). */
function pageHolds(page: Page, text: string): Promise<boolean> {
  return page.evaluate(
    (needle) =>
      document.documentElement.outerHTML.includes(needle) ||
      Array.from(document.querySelectorAll('input'), (input) => input.value).some((value) => value.includes(needle)),
    text,
  );
}

/** The value in a section's one-time box, after checking the box says it will not be shown again. */
async function readOneTimeSecret(page: Page, section: Locator): Promise<string> {
  const box = section.getByTestId('one-time-secret');
  await expect.poll(() => box.count(), PATIENT).toBe(1);
  expect(await box.textContent()).toContain('仅显示这一次');
  const secret = await section.getByTestId('one-time-secret-value').inputValue();
  expect(await pageHolds(page, secret)).toBe(true);
  return secret;
}

async function dismissOneTimeSecret(page: Page, section: Locator, secret: string): Promise<void> {
  await section.getByTestId('one-time-secret-dismiss').click();
  await expect.poll(() => section.getByTestId('one-time-secret').count(), PATIENT).toBe(0);
  // Gone from the page, not just hidden.
  expect(await pageHolds(page, secret)).toBe(false);
}

async function openAdmin(world: BrowserWorld): Promise<Page> {
  const context = await world.browser.newContext({ viewport: { width: 1600, height: 900 } });
  // The copy button writes to the real clipboard, which the test then reads back.
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: world.server.baseUrl });
  const page = await context.newPage();
  await logIn(world, page, 'admin');
  await expect.poll(() => page.getByTestId('wall-screen').count(), PATIENT).toBe(1);
  await page.goto(`${world.server.baseUrl}/#/admin`);
  await expect.poll(() => page.getByTestId('admin-page').count(), PATIENT).toBe(1);
  return page;
}

describe.skipIf(!hasChromium)('the intake integrations on the admin page', { timeout: 90_000 }, () => {
  const world = useBrowserWorld();

  it('adds a 12345 platform whose generated secret is shown once, rotates it and deactivates the platform', async () => {
    const page = await openAdmin(world);
    const section = page.getByTestId('admin-hotline-sources');
    await expect.poll(() => section.getByTestId('hotline-sources').count(), PATIENT).toBe(1);
    const rule = await section.getByTestId('hotline-signing-rule').textContent();
    expect(rule).toContain(`${world.server.baseUrl}/api/hotline/<平台代码>/tickets`);
    expect(rule).toContain('HMAC-SHA256');

    // A wrong code is named before anything is sent.
    await section.getByTestId('hotline-add-code').fill('City 12345');
    await section.getByTestId('hotline-add-name').fill('市 12345 平台');
    await section.getByTestId('hotline-add-submit').click();
    await expect.poll(() => section.getByTestId('hotline-error').textContent(), PATIENT).toContain('平台代码');

    await section.getByTestId('hotline-add-code').fill('city-12345');
    await section.getByTestId('hotline-add-callback').fill('http://127.0.0.1:9/replies');
    await section.getByTestId('hotline-add-submit').click();
    const secret = await readOneTimeSecret(page, section);
    expect(secret.length).toBeGreaterThanOrEqual(32);
    await section.getByTestId('one-time-secret-copy').click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText()), PATIENT).toBe(secret);

    const row = section.locator('[data-testid="hotline-source"][data-code="city-12345"]');
    await expect.poll(() => row.getAttribute('data-active'), PATIENT).toBe('true');
    expect(await row.textContent()).toContain('http://127.0.0.1:9/replies');
    // The platform posts to the address the page gives, signed with the secret it showed.
    const webhookUrl = (await row.getByTestId('hotline-webhook').textContent())!.trim();
    expect(webhookUrl).toBe(`${world.server.baseUrl}/api/hotline/city-12345/tickets`);
    expect(await sendTicket(webhookUrl, secret)).toBe(201);
    expect(await sendTicket(webhookUrl, `${secret}x`)).toBe(401);

    await dismissOneTimeSecret(page, section, secret);
    await page.reload();
    await expect.poll(() => row.count(), PATIENT).toBe(1);
    expect(await pageHolds(page, secret)).toBe(false);

    // Rename and drop the callback URL.
    await row.getByTestId('hotline-edit').click();
    await row.getByTestId('hotline-edit-name').fill('郑州市 12345 平台');
    await row.getByTestId('hotline-edit-callback').fill('');
    await row.getByTestId('hotline-edit-save').click();
    await expect.poll(() => row.getByTestId('hotline-edit-name').count(), PATIENT).toBe(0);
    expect(await row.textContent()).toContain('郑州市 12345 平台');
    const listed = await world.server.request<HotlineSourceDto[]>('GET', '/api/hotline/sources', {
      token: world.tokens.admin,
    });
    expect(listed.body.find((s) => s.code === 'city-12345')).toMatchObject({
      name: '郑州市 12345 平台',
      callbackUrl: null,
      active: true,
    });

    // Rotating asks first; cancelled, the secret still works.
    await row.getByTestId('hotline-rotate').click();
    const confirm = section.getByTestId('hotline-rotate-confirm');
    expect(await confirm.textContent()).toContain('city-12345');
    await confirm.getByTestId('hotline-rotate-cancel').click();
    await expect.poll(() => confirm.count(), PATIENT).toBe(0);
    expect(await sendTicket(webhookUrl, secret)).toBe(201);

    await row.getByTestId('hotline-rotate').click();
    await confirm.getByTestId('hotline-rotate-yes').click();
    const rotated = await readOneTimeSecret(page, section);
    expect(rotated).not.toBe(secret);
    expect(await sendTicket(webhookUrl, secret)).toBe(401);
    expect(await sendTicket(webhookUrl, rotated)).toBe(201);
    await dismissOneTimeSecret(page, section, rotated);

    // Deactivated, the platform is refused even with the right secret; activated, taken again.
    await row.getByTestId('hotline-toggle-active').click();
    await expect.poll(() => row.getAttribute('data-active'), PATIENT).toBe('false');
    expect(await row.getByTestId('hotline-source-status').textContent()).toContain('已停用');
    expect(await sendTicket(webhookUrl, rotated)).toBe(401);
    await row.getByTestId('hotline-toggle-active').click();
    await expect.poll(() => row.getAttribute('data-active'), PATIENT).toBe('true');
    expect(await sendTicket(webhookUrl, rotated)).toBe(201);
  });

  it('adds a platform with the admin’s own secret without showing any', async () => {
    const page = await openAdmin(world);
    const section = page.getByTestId('admin-hotline-sources');
    await expect.poll(() => section.getByTestId('hotline-sources').count(), PATIENT).toBe(1);
    const own = 'our-own-shared-secret-2026';
    await section.getByTestId('hotline-add-code').fill('province');
    await section.getByTestId('hotline-add-name').fill('省 12345 平台');
    await section.getByTestId('hotline-add-own-secret').check();
    await section.getByTestId('hotline-add-secret').fill('too-short');
    await section.getByTestId('hotline-add-submit').click();
    await expect.poll(() => section.getByTestId('hotline-error').textContent(), PATIENT).toContain('共享密钥');

    await section.getByTestId('hotline-add-secret').fill(own);
    await section.getByTestId('hotline-add-submit').click();
    await expect.poll(() => section.getByTestId('hotline-notice').textContent(), PATIENT).toContain('province');
    expect(await section.getByTestId('one-time-secret').count()).toBe(0);
    // The form forgot it once sent.
    expect(await section.getByTestId('hotline-add-secret').count()).toBe(0);
    expect(await pageHolds(page, own)).toBe(false);
    expect(await sendTicket(`${world.server.baseUrl}/api/hotline/province/tickets`, own)).toBe(201);
  });

  it('creates an Open311 key shown once, which files until it is revoked', async () => {
    const page = await openAdmin(world);
    const section = page.getByTestId('admin-open311-keys');
    await expect.poll(() => section.getByTestId('open311-keys').count(), PATIENT).toBe(1);

    await section.getByTestId('open311-create-name').fill('城市大脑');
    await section.getByTestId('open311-create-rate').fill('0');
    await section.getByTestId('open311-create-submit').click();
    await expect.poll(() => section.getByTestId('open311-error').textContent(), PATIENT).toContain('限流');

    await section.getByTestId('open311-create-rate').fill('30');
    await section.getByTestId('open311-create-submit').click();
    const key = await readOneTimeSecret(page, section);
    expect(key).toMatch(/^o311_/);
    const row = section.locator('[data-testid="open311-key"][data-name="城市大脑"]');
    await expect.poll(() => row.getAttribute('data-active'), PATIENT).toBe('true');
    expect(await row.getByTestId('open311-key-rate').textContent()).toBe('30');
    expect(await row.getByTestId('open311-key-last-used').textContent()).toContain('从未使用');

    expect(await fileOpen311(world, key)).toBe(200);
    await dismissOneTimeSecret(page, section, key);
    await page.reload();
    await expect.poll(() => row.count(), PATIENT).toBe(1);
    expect(await row.getByTestId('open311-key-last-used').textContent()).not.toContain('从未使用');
    expect(await pageHolds(page, key)).toBe(false);

    // Revoking asks first; cancelled, the key still files.
    await row.getByTestId('open311-revoke').click();
    const confirm = section.getByTestId('open311-revoke-confirm');
    expect(await confirm.textContent()).toContain('城市大脑');
    await confirm.getByTestId('open311-revoke-cancel').click();
    await expect.poll(() => confirm.count(), PATIENT).toBe(0);
    expect(await fileOpen311(world, key)).toBe(200);

    await row.getByTestId('open311-revoke').click();
    await confirm.getByTestId('open311-revoke-yes').click();
    await expect.poll(() => row.getAttribute('data-active'), PATIENT).toBe('false');
    expect(await row.getByTestId('open311-key-status').textContent()).toContain('已吊销');
    expect(await row.getByTestId('open311-revoke').count()).toBe(0);
    expect(await fileOpen311(world, key)).toBe(403);
    const keys = await world.server.request<Open311KeyDto[]>('GET', '/api/open311/keys', {
      token: world.tokens.admin,
    });
    expect(keys.body.find((k) => k.name === '城市大脑')).toMatchObject({ active: false, rateLimitPerMinute: 30 });
  });
});
