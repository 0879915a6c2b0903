import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { CASE_ACTION_PATHS, UPLOAD_CHUNK_BYTES, type CaseDto, type CaseTimeline } from '@civic/shared';
import { hasChromium } from '../support/env.ts';
import { CROSSING } from '../support/fixtures.ts';
import { noisePng } from '../support/png.ts';
import { logIn, openWallScreen, useBrowserWorld, type BrowserWorld } from './browser.ts';

/** Where the phone's GPS says it is: inside the fixture district, north-east of the crossing. */
const HERE = { longitude: 113.6415, latitude: 34.8433 };

/** A squad member's phone with location access granted and its GPS at HERE. */
async function openLocatedPhone(world: BrowserWorld, username: string): Promise<Page> {
  const context = await world.browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    permissions: ['geolocation'],
    geolocation: HERE,
  });
  const phone = await context.newPage();
  await logIn(world, phone, username);
  await expect.poll(() => phone.getByTestId('squad-view').count()).toBe(1);
  return phone;
}

/** A case at the crossing, dispatched to the `near` squad and taken on scene, ready to be disposed on the phone. */
async function caseOnScene(world: BrowserWorld): Promise<CaseDto> {
  const { server, tokens, fixture } = world;
  const filed = await server.request<CaseDto>('POST', '/api/cases', {
    token: tokens.clerk,
    body: { channel: 'hotline', description: '英才街口流动摊贩占道经营', categoryCode: '0201', location: CROSSING },
  });
  expect(filed.status).toBe(201);
  const steps = [
    ['dispatcher', 'register', {}],
    ['dispatcher', 'assign', { squadId: fixture.squadIds.near }],
    ['near_member', 'accept', {}],
    ['near_member', 'en_route', {}],
    ['near_member', 'on_scene', {}],
  ] as const;
  for (const [user, action, body] of steps) {
    const moved = await server.request('POST', `/api/cases/${filed.body.id}/${CASE_ACTION_PATHS[action]}`, {
      token: tokens[user],
      body,
    });
    expect(moved.status, `${action}: ${JSON.stringify(moved.body)}`).toBeLessThan(300);
  }
  return filed.body;
}

async function photosOf(world: BrowserWorld, caseId: number) {
  const { rows } = await world.db.pool.query<{
    id: number;
    bytes: Buffer;
    content_type: string;
    taken_at: Date | null;
    lng: number | null;
    lat: number | null;
  }>(
    `SELECT id, bytes, content_type, taken_at, ST_X(position::geometry) AS lng, ST_Y(position::geometry) AS lat
       FROM case_photos WHERE case_id = $1 ORDER BY id`,
    [caseId],
  );
  return rows;
}

// The squad's phone sends evidence photos over a link that drops: an upload
// cut off midway resumes from where the server got to, and the case ends
// with the photo once. A finding on patrol is filed from the phone where it
// stands and reaches the dispatchers' wall.
describe.skipIf(!hasChromium)('squad photos and patrol findings, in the browser', { timeout: 120_000 }, () => {
  const world = useBrowserWorld();

  it('disposes with a photo whose upload is cut off and resumes, ending with exactly one photo', async () => {
    const item = await caseOnScene(world);
    const phone = await openLocatedPhone(world, 'near_member');
    const card = phone.locator(`[data-testid="squad-case"][data-case-id="${item.id}"]`);
    await expect.poll(() => card.getAttribute('data-status'), { timeout: 20_000 }).toBe('on_scene');

    // The way there: Amap and Baidu links in their own coordinates, a geo: URI in WGS-84.
    const amap = await card.locator('[data-testid="nav-link"][data-app="amap"]').getAttribute('href');
    expect(amap).toMatch(/^https:\/\/uri\.amap\.com\/navigation\?to=113\.636060,34\.828909,/);
    const geo = await card.locator('[data-testid="nav-link"][data-app="geo"]').getAttribute('href');
    expect(geo).toMatch(/^geo:34\.830000,113\.630000/);
    // The history, collapsed until asked for.
    const history = card.getByTestId('case-history-toggle');
    expect(await history.getAttribute('aria-expanded')).toBe('false');
    expect(await card.getByTestId('case-timeline').count()).toBe(0);
    await history.click();
    await expect.poll(() => card.locator('[data-testid="timeline-entry"][data-type="case:assigned"]').count()).toBe(1);

    // The network drops the second chunk of the upload.
    const seen: { method: string; offset: string | null; aborted: boolean }[] = [];
    let patches = 0;
    await phone.route('**/api/uploads/**', async (route) => {
      const request = route.request();
      const entry = { method: request.method(), offset: request.headers()['upload-offset'] ?? null, aborted: false };
      seen.push(entry);
      if (request.method() === 'PATCH' && ++patches === 2) {
        entry.aborted = true;
        await route.abort('connectionreset');
        return;
      }
      await route.continue();
    });

    await card.getByTestId('resolve-note').fill('已劝离占道商户，现场已清理');
    await card
      .getByTestId('photo-input')
      .setInputFiles({ name: 'site.png', mimeType: 'image/png', buffer: noisePng(1200, 900) });
    await expect.poll(() => card.getByTestId('photo-count').getAttribute('data-count')).toBe('1');
    await card.getByTestId('resolve-button').click();

    await expect
      .poll(
        async () =>
          (await world.server.request<CaseDto>('GET', `/api/cases/${item.id}`, { token: world.tokens.dispatcher })).body
            .status,
        { timeout: 60_000 },
      )
      .toBe('disposed');

    // The cut-off chunk was sent again from the offset the server reported; nothing twice.
    const patchOffsets = seen.filter((r) => r.method === 'PATCH').map((r) => Number(r.offset));
    expect(patchOffsets.length).toBeGreaterThanOrEqual(3);
    expect(patchOffsets.slice(0, 3)).toEqual([0, UPLOAD_CHUNK_BYTES, UPLOAD_CHUNK_BYTES]);
    const abortAt = seen.findIndex((r) => r.aborted);
    expect(seen.slice(abortAt + 1).find((r) => r.method !== 'PATCH')?.method).toBe('GET');
    expect(new Set(patchOffsets.slice(2)).size).toBe(patchOffsets.length - 2);

    const photos = await photosOf(world, item.id);
    expect(photos).toHaveLength(1);
    const photo = photos[0]!;
    expect(photo.content_type).toBe('image/jpeg');
    expect(photo.bytes.length).toBeGreaterThan(2 * UPLOAD_CHUNK_BYTES);
    expect([photo.bytes[0], photo.bytes[1]]).toEqual([0xff, 0xd8]);
    // Time and place recorded on the phone.
    expect(photo.taken_at).not.toBeNull();
    expect(Math.abs(Date.now() - photo.taken_at!.getTime())).toBeLessThan(10 * 60_000);
    expect([photo.lng, photo.lat]).toEqual([HERE.longitude, HERE.latitude]);
    const { rows: leftovers } = await world.db.pool.query(
      `SELECT 1 FROM photo_upload_chunks k JOIN photo_uploads u ON u.id = k.upload_id WHERE u.case_id = $1`,
      [item.id],
    );
    expect(leftovers).toHaveLength(0);

    // The disposal names that photo.
    const timeline = await world.server.request<CaseTimeline>('GET', `/api/cases/${item.id}/timeline`, {
      token: world.tokens.supervisor,
    });
    const disposed = timeline.body.events.find((e) => e.type === 'case:disposed');
    expect(disposed?.detail).toMatchObject({ photoIds: [photo.id] });

    await phone.context().close();
  });

  it('files a patrol finding from the phone at its position, with a photo, and the wall shows it', async () => {
    const { page: wall } = await openWallScreen(world);
    const phone = await openLocatedPhone(world, 'near_member');

    expect(await phone.getByTestId('patrol-form').count()).toBe(0);
    await phone.getByTestId('patrol-button').click();
    const form = phone.getByTestId('patrol-form');
    await expect.poll(() => form.count()).toBe(1);
    await form.getByTestId('patrol-description').fill('巡查发现：英才街人行道乱堆建材');
    await expect.poll(() => form.locator('select[data-testid="patrol-category"] option').count()).toBeGreaterThan(1);
    await form.getByTestId('patrol-category').selectOption('0201');
    await form
      .getByTestId('patrol-photo-input')
      .setInputFiles({ name: 'found.png', mimeType: 'image/png', buffer: noisePng(400, 300) });
    await expect.poll(() => form.getByTestId('patrol-position').getAttribute('data-located')).toBe('true');
    await form.getByTestId('patrol-submit').click();

    const filed = phone.getByTestId('patrol-filed');
    await expect.poll(() => filed.count(), { timeout: 30_000 }).toBe(1);
    const caseId = Number(await filed.getAttribute('data-case-id'));
    expect(await phone.getByTestId('patrol-form').count()).toBe(0);

    // On the dispatchers' wall, live.
    const listItem = wall.locator(`[data-testid="case-item"][data-case-id="${caseId}"]`);
    await expect.poll(() => listItem.count(), { timeout: 20_000 }).toBe(1);

    const stored = await world.server.request<CaseDto>('GET', `/api/cases/${caseId}`, {
      token: world.tokens.dispatcher,
    });
    expect(stored.body).toMatchObject({
      channel: 'patrol',
      description: '巡查发现：英才街人行道乱堆建材',
      categoryCode: '0201',
      location: { lng: HERE.longitude, lat: HERE.latitude },
      locationSource: 'point',
      squadId: null,
    });
    const photos = await photosOf(world, caseId);
    expect(photos).toHaveLength(1);
    expect([photos[0]!.lng, photos[0]!.lat]).toEqual([HERE.longitude, HERE.latitude]);

    await phone.context().close();
    await wall.context().close();
  });

  it('offline, queues a patrol finding with a photo and a status change, and applies each once, in order, when back', async () => {
    const phone = await openLocatedPhone(world, 'near_member');
    const squadId = world.fixture.squadIds.near;
    await world.db.pool.query(`UPDATE squads SET status = 'available' WHERE id = $1`, [squadId]);
    const picker = phone.getByTestId('squad-status');
    await expect.poll(() => picker.getAttribute('data-status')).toBe('available');
    const statusEvents = async () =>
      (
        await world.db.pool.query<{ to_status: string; at: Date }>(
          `SELECT to_status, created_at AS at FROM squad_status_events WHERE squad_id = $1 AND reason = 'manual' ORDER BY id`,
          [squadId],
        )
      ).rows;
    const findings = async () =>
      (
        await world.db.pool.query<{ id: number; created_at: Date }>(
          `SELECT id, created_at FROM cases WHERE channel = 'patrol' AND description = $1`,
          ['巡查发现：长兴路人行道堆放杂物'],
        )
      ).rows;
    const manualBefore = (await statusEvents()).length;

    // The form is opened while online (categories loaded, position found); then the network goes.
    await phone.getByTestId('patrol-button').click();
    const form = phone.getByTestId('patrol-form');
    await expect.poll(() => form.getByTestId('patrol-position').getAttribute('data-located')).toBe('true');
    const context = phone.context();
    await context.setOffline(true);
    await expect.poll(() => phone.getByTestId('outbox-status').getAttribute('data-online')).toBe('false');

    await form.getByTestId('patrol-description').fill('巡查发现：长兴路人行道堆放杂物');
    await form
      .getByTestId('patrol-photo-input')
      .setInputFiles({ name: 'found.png', mimeType: 'image/png', buffer: noisePng(320, 240) });
    await form.getByTestId('patrol-submit').click();
    await expect.poll(() => phone.getByTestId('patrol-queued').count()).toBe(1);

    // The status shows at once, marked as waiting to be sent.
    await phone.getByTestId('squad-status-on_break').click();
    await expect.poll(() => picker.getAttribute('data-status')).toBe('on_break');
    expect(await picker.getAttribute('data-queued')).toBe('true');
    expect(await phone.getByTestId('outbox-pending').textContent()).toContain('待发送 2');

    // Nothing reached the server yet.
    expect(await findings()).toHaveLength(0);
    const { rows: meanwhile } = await world.db.pool.query<{ status: string }>(
      'SELECT status FROM squads WHERE id = $1',
      [squadId],
    );
    expect(meanwhile[0]!.status).toBe('available');

    await context.setOffline(false);
    const filed = phone.getByTestId('patrol-filed');
    await expect.poll(() => filed.count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => picker.getAttribute('data-queued'), { timeout: 15_000 }).toBe('false');
    // The server's answer is drawn with the screen's next frame, just after the queue empties.
    await expect.poll(() => picker.getAttribute('data-status')).toBe('on_break');

    // Each applied once, the finding first, as they were taken.
    const filedRows = await findings();
    expect(filedRows).toHaveLength(1);
    expect(Number(await filed.getAttribute('data-case-id'))).toBe(Number(filedRows[0]!.id));
    const manual = (await statusEvents()).slice(manualBefore);
    expect(manual.map((e) => e.to_status)).toEqual(['on_break']);
    expect(manual[0]!.at.getTime()).toBeGreaterThanOrEqual(filedRows[0]!.created_at.getTime());
    // The photo went up to the new case, stamped where the finding was made.
    const photos = await photosOf(world, Number(filedRows[0]!.id));
    expect(photos).toHaveLength(1);
    expect([photos[0]!.lng, photos[0]!.lat]).toEqual([HERE.longitude, HERE.latitude]);

    await context.close();
  });
});
