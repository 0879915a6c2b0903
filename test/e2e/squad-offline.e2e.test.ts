import { describe, expect, it, onTestFinished } from 'vitest';
import type { Page } from 'playwright-core';
import type { CaseDto } from '@civic/shared';
import { setAckTimeoutSeconds } from '../../server/src/modules/cases/case-view.ts';
import { hasChromium } from '../support/env.ts';
import { CROSSING } from '../support/fixtures.ts';
import { openPhone, openWallScreen, useBrowserWorld, type BrowserWorld } from './browser.ts';

/** A 1×1 PNG: enough for the phone to shrink, queue and upload. */
const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

// The squad's phone on a bad network, in real Chromium with a phone viewport:
// assignments arrive with an alert and are acknowledged, actions taken offline
// are queued on the phone and applied once each, in order, when it is back,
// and assignments made while it was away reach it on reconnect.

async function fileCase(world: BrowserWorld, description: string): Promise<CaseDto> {
  const filed = await world.server.request<CaseDto>('POST', '/api/cases', {
    token: world.tokens.clerk,
    body: { channel: 'hotline', description, location: CROSSING },
  });
  expect(filed.status).toBe(201);
  return filed.body;
}

/** Dispatches to a squad; a squad still busy is made available first (a dispatcher's override). */
async function assign(world: BrowserWorld, item: CaseDto, squadId: number): Promise<CaseDto> {
  await world.db.pool.query(`UPDATE squads SET status = 'available' WHERE id = $1`, [squadId]);
  const assigned = await world.server.request<CaseDto>('POST', `/api/cases/${item.id}/assignments`, {
    token: world.tokens.dispatcher,
    body: { squadId },
  });
  expect(assigned.status, JSON.stringify(assigned.body)).toBe(201);
  return assigned.body;
}

async function caseNow(world: BrowserWorld, caseId: number): Promise<CaseDto> {
  return (await world.server.request<CaseDto>('GET', `/api/cases/${caseId}`, { token: world.tokens.dispatcher })).body;
}

async function eventTypes(world: BrowserWorld, caseId: number): Promise<string[]> {
  const { rows } = await world.db.pool.query<{ type: string }>(
    'SELECT type FROM case_events WHERE case_id = $1 ORDER BY seq',
    [caseId],
  );
  return rows.map((r) => r.type);
}

/** Records the phone's vibrations: headless Chromium has no motor to ask. */
async function recordVibrations(phone: Page): Promise<void> {
  await phone.evaluate(() => {
    const record: unknown[] = [];
    (window as unknown as { vibrations: unknown[] }).vibrations = record;
    navigator.vibrate = (pattern: VibratePattern) => {
      record.push(pattern);
      return true;
    };
  });
}

const vibrations = (phone: Page) =>
  phone.evaluate(() => (window as unknown as { vibrations: unknown[] }).vibrations.length);

const card = (phone: Page, item: CaseDto) => phone.locator(`[data-testid="squad-case"][data-case-id="${item.id}"]`);
const alertFor = (phone: Page, item: CaseDto) =>
  phone.locator(`[data-testid="assignment-alert-item"][data-case-id="${item.id}"]`);

describe.skipIf(!hasChromium)('the squad phone on a bad network', () => {
  const world = useBrowserWorld();

  it('alerts and acknowledges an assignment, queues actions offline and applies each once, in order, when back', async () => {
    const { page: wall } = await openWallScreen(world);
    const phone = await openPhone(world, 'near_member');
    await expect.poll(() => phone.getByTestId('connection-status').getAttribute('data-state')).toBe('online');
    await recordVibrations(phone);

    const item = await assign(world, await fileCase(world, '天河路流动摊贩占道'), world.fixture.squadIds.near);

    // The assignment arrives: a banner that stays, a vibration (and a beep), and "delivered" for the dispatcher.
    await expect.poll(() => alertFor(phone, item).count()).toBe(1);
    expect(Number(await phone.getByTestId('assignment-alert').getAttribute('data-alerts'))).toBeGreaterThanOrEqual(1);
    await expect.poll(() => vibrations(phone)).toBeGreaterThanOrEqual(1);
    const listItem = wall.locator(`[data-testid="case-item"][data-case-id="${item.id}"]`);
    await expect.poll(() => listItem.getByTestId('ack-state').getAttribute('data-state')).toBe('delivered');
    expect((await caseNow(world, item.id)).assignment).toMatchObject({ acknowledgedAt: null });
    // Still there a while later: only a person's tap makes it go.
    await phone.waitForTimeout(1000);
    expect(await alertFor(phone, item).count()).toBe(1);

    await alertFor(phone, item).getByTestId('ack-button').click();
    await expect.poll(() => phone.getByTestId('assignment-alert').count()).toBe(0);
    await expect.poll(() => listItem.getByTestId('ack-state').getAttribute('data-state')).toBe('acknowledged');
    await listItem.click();
    const panel = wall.getByTestId('case-panel');
    await expect.poll(() => panel.getByTestId('assignment-delivered').getAttribute('data-at')).not.toBe('');
    await expect.poll(() => panel.getByTestId('assignment-acknowledged').getAttribute('data-at')).not.toBe('');

    const onPhone = card(phone, item);
    await onPhone.getByTestId('accept-button').click();
    await expect.poll(() => onPhone.getAttribute('data-status')).toBe('accepted');
    await expect.poll(async () => (await caseNow(world, item.id)).status).toBe('accepted');

    // Offline: every step is queued on the phone and shown as it will be.
    const context = phone.context();
    await context.setOffline(true);
    await expect.poll(() => phone.getByTestId('outbox-status').getAttribute('data-online')).toBe('false');
    await onPhone.getByTestId('en-route-button').click();
    await expect.poll(() => onPhone.getAttribute('data-status')).toBe('en_route');
    await onPhone.getByTestId('on-scene-button').click();
    await expect.poll(() => onPhone.getAttribute('data-status')).toBe('on_scene');
    await onPhone.getByTestId('resolve-note').fill('已劝离占道摊贩，现场已清理');
    // A photo taken offline waits with the disposal and goes up when it is sent.
    await onPhone
      .getByTestId('photo-input')
      .setInputFiles({ name: 'site.png', mimeType: 'image/png', buffer: TINY_PNG });
    await onPhone.getByTestId('resolve-button').click();
    await expect.poll(() => onPhone.getAttribute('data-status')).toBe('disposed');
    expect(await onPhone.getByTestId('case-pending').getAttribute('data-count')).toBe('3');
    expect(await phone.getByTestId('outbox-pending').textContent()).toContain('待发送 3');
    expect((await caseNow(world, item.id)).status).toBe('accepted');

    // The answer to the first replayed step is lost on the way back: the phone
    // sends it again with the same key, and the server answers without applying it twice.
    const sent: string[] = [];
    phone.on('request', (request) => {
      const path = new URL(request.url()).pathname;
      if (request.method() === 'POST' && path.startsWith('/api/cases/')) sent.push(path.split('/').pop()!);
    });
    let cutAnswers = 0;
    await phone.route('**/api/cases/*/en-route', async (route) => {
      await route.fetch();
      cutAnswers++;
      await route.abort('connectionreset');
    });
    await context.setOffline(false);
    await expect.poll(() => cutAnswers, { timeout: 10_000 }).toBe(1);
    await phone.unroute('**/api/cases/*/en-route');
    await expect.poll(() => phone.getByTestId('outbox-status').count(), { timeout: 20_000 }).toBe(0);
    await expect.poll(() => onPhone.getAttribute('data-status')).toBe('disposed');
    expect(await onPhone.getByTestId('case-pending').count()).toBe(0);
    // Sent in the order taken (the photo's upload just before its disposal); the
    // step whose answer was lost went twice, under one key.
    expect(sent).toEqual(['en-route', 'en-route', 'on-scene', 'uploads', 'dispose']);

    expect(await eventTypes(world, item.id)).toEqual([
      'case:created',
      'case:registered',
      'case:assigned',
      'case:delivered',
      'case:acknowledged',
      'case:accepted',
      'case:en_route',
      'case:on_scene',
      'case:disposed',
    ]);
    const { rows } = await world.db.pool.query<{ note: string }>(
      `SELECT detail->>'note' AS note FROM case_events WHERE case_id = $1 AND type = 'case:disposed'`,
      [item.id],
    );
    expect(rows).toEqual([{ note: '已劝离占道摊贩，现场已清理' }]);
    const photos = await world.db.pool.query<{ id: number }>('SELECT id FROM case_photos WHERE case_id = $1', [
      item.id,
    ]);
    expect(photos.rows).toHaveLength(1);
    const disposed = await world.db.pool.query<{ ids: number[] }>(
      `SELECT detail->'photoIds' AS ids FROM case_events WHERE case_id = $1 AND type = 'case:disposed'`,
      [item.id],
    );
    expect(disposed.rows[0]!.ids).toEqual([photos.rows[0]!.id]);
    await expect.poll(() => listItem.getAttribute('data-status')).not.toBe('accepted');
    await context.close();
    await wall.context().close();
  });

  it('receives assignments made while it was offline on reconnect, each once, even on a new socket', async () => {
    // The server runs in this process: a short ACK_TIMEOUT_SECONDS for this test only.
    setAckTimeoutSeconds(2);
    onTestFinished(() => setAckTimeoutSeconds(120));
    const { page: wall } = await openWallScreen(world);
    const phone = await openPhone(world, 'middle_member');
    await expect.poll(() => phone.getByTestId('connection-status').getAttribute('data-state')).toBe('online');
    const context = phone.context();

    await context.setOffline(true);
    // socket.io's own session is gone too: the phone comes back on a new socket.
    world.server.app.realtime.io.in(`squad:${world.fixture.squadIds.middle}`).disconnectSockets(true);
    await expect.poll(() => phone.getByTestId('connection-status').getAttribute('data-state')).toBe('offline');

    const first = await assign(world, await fileCase(world, '英才街夜市油烟'), world.fixture.squadIds.middle);
    const second = await assign(world, await fileCase(world, '天河路乱堆物料'), world.fixture.squadIds.middle);
    await phone.waitForTimeout(500);
    expect(await card(phone, first).count()).toBe(0);
    // Nobody acknowledged them in time: the dispatcher sees them flagged.
    const onWall = (item: CaseDto) =>
      wall.locator(`[data-testid="case-item"][data-case-id="${item.id}"]`).getByTestId('ack-state');
    await expect.poll(() => onWall(first).getAttribute('data-state'), { timeout: 15_000 }).toBe('overdue');
    await expect.poll(() => onWall(second).getAttribute('data-state'), { timeout: 15_000 }).toBe('overdue');

    await context.setOffline(false);
    await expect.poll(() => card(phone, first).count(), { timeout: 20_000 }).toBe(1);
    await expect.poll(() => card(phone, second).count()).toBe(1);
    await expect.poll(() => phone.getByTestId('assignment-alert').getAttribute('data-count')).toBe('2');
    await expect.poll(() => phone.getByTestId('connection-status').getAttribute('data-state')).toBe('online');

    // Each reported delivered once, though the phone saw them both in the replay and the socket came back.
    for (const item of [first, second]) {
      await expect.poll(async () => (await caseNow(world, item.id)).assignment?.deliveredAt ?? null).not.toBeNull();
    }
    await phone.waitForTimeout(1000);
    for (const item of [first, second]) {
      expect((await eventTypes(world, item.id)).filter((t) => t === 'case:delivered')).toHaveLength(1);
    }
    expect(await phone.locator('[data-testid="squad-case"]').count()).toBe(2);

    // Delivered but still not acknowledged: still flagged, until someone on the phone taps.
    expect(await onWall(first).getAttribute('data-state')).toBe('overdue');
    await alertFor(phone, first).getByTestId('ack-button').click();
    await expect.poll(() => onWall(first).getAttribute('data-state')).toBe('acknowledged');
    await expect.poll(() => phone.getByTestId('assignment-alert').getAttribute('data-count')).toBe('1');
    await context.close();
    await wall.context().close();
  });

  it('starts from the service worker’s cache when offline, and catches up from its stored cursor once online', async () => {
    const phone = await openPhone(world, 'middle_member');
    await expect.poll(() => phone.getByTestId('connection-status').getAttribute('data-state')).toBe('online');
    // The phone view registers the service worker; wait until it controls the page.
    await expect
      .poll(() => phone.evaluate(() => navigator.serviceWorker.ready.then((r) => r.active?.state ?? null)), {
        timeout: 15_000,
      })
      .toBe('activated');
    await phone.reload();
    await expect.poll(() => phone.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    await expect.poll(() => phone.getByTestId('squad-view').count()).toBe(1);
    const manifest = await phone.evaluate(() => document.querySelector('link[rel="manifest"]')?.getAttribute('href'));
    expect(manifest).toBe('/manifest.webmanifest');
    const cached = await phone.evaluate(async () => {
      const keys = await caches.keys();
      const requests = (await Promise.all(keys.map(async (k) => (await caches.open(k)).keys()))).flat();
      return requests.map((r) => new URL(r.url).pathname);
    });
    expect(cached).toContain('/');
    expect(cached.some((path) => path.startsWith('/assets/') && path.endsWith('.js'))).toBe(true);
    expect(cached.some((path) => path.startsWith('/api/'))).toBe(false);

    const context = phone.context();
    await context.setOffline(true);
    const later = await assign(world, await fileCase(world, '英才街占道洗车'), world.fixture.squadIds.middle);

    // Reloaded with no network: the app shell comes from the cache and the person is still signed in.
    await phone.reload();
    await expect.poll(() => phone.getByTestId('squad-view').count(), { timeout: 15_000 }).toBe(1);
    expect(await phone.getByTestId('login-submit').count()).toBe(0);
    // The proof that it was the cache: the server answers this path with a 404, the cache with the app.
    await phone.goto(`${world.server.baseUrl}/no-such-page#/squad`);
    await expect.poll(() => phone.getByTestId('squad-view').count(), { timeout: 15_000 }).toBe(1);
    expect((await fetch(`${world.server.baseUrl}/no-such-page`)).status).toBe(404);

    await context.setOffline(false);
    await expect.poll(() => alertFor(phone, later).count(), { timeout: 20_000 }).toBe(1);
    await expect.poll(async () => (await caseNow(world, later.id)).assignment?.deliveredAt ?? null).not.toBeNull();
    const replays = await phone.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .map((entry) => new URL(entry.name).searchParams.get('after'))
        .filter((after): after is string => after !== null)
        .map(Number),
    );
    // The replay after the reload started from the stored cursor, before the assignment's events.
    expect(Math.min(...replays)).toBeLessThan(later.lastSeq);
    await context.close();
  });
});
