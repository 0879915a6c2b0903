import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { CaseDto, CaseTimeline } from '@civic/shared';
import { hasChromium } from '../support/env.ts';
import { CROSSING, SQUADS, type SquadKey } from '../support/fixtures.ts';
import type { TestWorld } from '../support/world.ts';
import { logIn, useBrowserWorld, type BrowserWorld } from './browser.ts';

/** Seconds from now to the dispose clock's warning and deadline, once moved. */
const WARN_IN = 12;
const DUE_IN = 20;
/** The supervisor's laptop clock is this far ahead of the server's. */
const CLIENT_CLOCK_AHEAD_MS = 2 * 3_600_000;
/** Enough for a colour that is due within DUE_IN seconds, plus the page load. */
const CLOCK_WAIT = { timeout: (DUE_IN + 15) * 1000, interval: 100 };

/**
 * Moves a case's running dispose clock so that it warns and falls due a few
 * seconds from now, as if the case had been dispatched hours ago, with the
 * 督办 ladder's queued steps moved along with it (the warning at the new
 * warning time, the later steps as far after the new deadline as they were
 * after the old one).
 */
async function disposeClockDueSoon(world: TestWorld, caseId: number): Promise<void> {
  const { rows } = await world.db.pool.query<{ deadlines: number; steps: number }>(
    `WITH old AS (
       SELECT id, due_at FROM case_deadlines
        WHERE case_id = $1 AND stage = 'dispose' AND met_at IS NULL AND cancelled_at IS NULL
     ), moved AS (
       UPDATE case_deadlines d
          SET started_at = d.started_at - (old.due_at - (now() + make_interval(secs => $3))),
              warn_at = now() + make_interval(secs => $2),
              due_at = now() + make_interval(secs => $3)
         FROM old
        WHERE d.id = old.id
       RETURNING d.id, d.warn_at, d.due_at AS new_due, old.due_at AS old_due
     ), steps AS (
       UPDATE escalation_steps es
          SET due_at = CASE WHEN es.step = 'warning' THEN moved.warn_at
                            ELSE es.due_at + (moved.new_due - moved.old_due) END
         FROM moved
        WHERE es.deadline_id = moved.id AND es.fired_at IS NULL AND es.cancelled_at IS NULL
       RETURNING es.id
     )
     SELECT (SELECT count(*) FROM moved)::int AS deadlines, (SELECT count(*) FROM steps)::int AS steps`,
    [caseId, WARN_IN, DUE_IN],
  );
  expect(rows[0]).toMatchObject({ deadlines: 1 });
  expect(rows[0]!.steps).toBeGreaterThan(0);
}

/**
 * A supervisor's board in a browser of its own. `clockAheadMs` sets the
 * laptop's clock wrong by that much: the board must still go by the server's.
 */
async function openBoard(world: BrowserWorld, clockAheadMs = 0): Promise<Page> {
  const context = await world.browser.newContext({ viewport: { width: 1600, height: 900 } });
  // Time keeps flowing at the real pace after install, just from the wrong start.
  if (clockAheadMs !== 0) await context.clock.install({ time: Date.now() + clockAheadMs });
  const page = await context.newPage();
  await logIn(world, page, 'supervisor');
  await expect.poll(() => page.getByTestId('supervisor-board').count(), { timeout: 15_000 }).toBe(1);
  await expect.poll(() => page.getByTestId('supervisor-board').getAttribute('data-synced')).toBe('true');
  return page;
}

/** A complaint filed by a dispatcher and assigned to a squad, both through the API. */
async function fileAndAssign(world: BrowserWorld, squad: SquadKey, description: string): Promise<CaseDto> {
  const filed = await world.server.request<CaseDto>('POST', '/api/cases', {
    token: world.tokens.dispatcher,
    body: { channel: 'hotline', description, location: CROSSING, categoryCode: '0201' },
  });
  expect(filed.status).toBe(201);
  const assigned = await world.server.request<CaseDto>('POST', `/api/cases/${filed.body.id}/assignments`, {
    token: world.tokens.dispatcher,
    body: { squadId: world.fixture.squadIds[squad] },
  });
  expect(assigned.body.status, JSON.stringify(assigned.body)).toBe('dispatched');
  return assigned.body;
}

/** The squad accepts and reports the case disposed, on its phone's API. */
async function squadDisposes(world: BrowserWorld, caseId: number, member: string, note: string): Promise<void> {
  const token = world.tokens[member]!;
  expect((await world.server.request('POST', `/api/cases/${caseId}/accept`, { token, body: {} })).status).toBe(200);
  const disposed = await world.server.request<CaseDto>('POST', `/api/cases/${caseId}/dispose`, {
    token,
    body: { note },
  });
  expect(disposed.body.status).toBe('disposed');
}

describe.skipIf(!hasChromium)('the supervisor board, in the browser', () => {
  const world = useBrowserWorld();

  it('counts a dispatched case down live, green to amber to red, and supervises it', { timeout: 120_000 }, async () => {
    const assigned = await fileAndAssign(world, 'near', '英才街口流动摊贩占道经营，多次投诉');
    const caseId = assigned.id;
    expect(assigned.deadlines.map((d) => d.stage)).toContain('dispose');

    // Dispatched hours ago, as it were: the disposal clock is about to warn.
    await disposeClockDueSoon(world, caseId);

    const page = await openBoard(world, CLIENT_CLOCK_AHEAD_MS);
    expect(new URL(page.url()).hash).toBe('#/board');
    // The laptop's clock really is off; read as is, the case would already be overdue.
    expect((await page.evaluate(() => Date.now())) - Date.now()).toBeGreaterThan(CLIENT_CLOCK_AHEAD_MS - 60_000);

    const row = page.locator(`[data-testid="board-row"][data-case-id="${caseId}"]`);
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
    expect(await row.getAttribute('data-case-no')).toBe(assigned.caseNo);
    expect(await row.getAttribute('data-supervised')).toBe('false');

    // Green (not red, as the fast laptop clock alone would make it), counting down to the disposal deadline.
    expect(await row.getAttribute('data-clock')).toBe('green');
    const clock = row.getByTestId('board-clock');
    await expect.poll(() => clock.textContent()).toMatch(/处置时限\s*剩余 0:00:\d\d/);
    const before = await clock.textContent();
    await expect.poll(() => clock.textContent(), { timeout: 5_000 }).not.toBe(before);

    // Amber at the warning, without a reload; the server's sweeper fires the 预警 step and the row flashes.
    await expect.poll(() => row.getAttribute('data-clock'), CLOCK_WAIT).toBe('amber');
    await expect.poll(() => row.getAttribute('data-escalation'), { timeout: 10_000 }).toBe('warning');
    expect(await row.getAttribute('data-flashing')).toBe('true');
    expect(await row.getByTestId('board-escalation').textContent()).toContain('预警');

    // Red at the deadline, overdue counting up.
    await expect.poll(() => row.getAttribute('data-clock'), CLOCK_WAIT).toBe('red');
    await expect.poll(() => clock.textContent(), { timeout: 5_000 }).toMatch(/超时 0:00:0[1-9]/);
    // Overdue rows lead the board.
    expect(await page.getByTestId('board-row').first().getAttribute('data-case-id')).toBe(String(caseId));

    // The supervisor puts it under supervision with a comment.
    await row.getByTestId('supervise-button').click();
    await row.getByTestId('supervise-comment').fill('超时未处置，请立即处理并反馈');
    await row.getByTestId('supervise-submit').click();
    await expect.poll(() => row.getAttribute('data-supervised'), { timeout: 10_000 }).toBe('true');
    await expect
      .poll(() => row.getByTestId('board-supervision-comment').textContent())
      .toBe('超时未处置，请立即处理并反馈');
    expect(await row.getByTestId('lift-supervision-button').count()).toBe(1);
    expect(await row.getByTestId('board-action-error').count()).toBe(0);

    // The server holds it, as a case:supervised event with the comment.
    const { rows } = await world.db.pool.query<{ detail: Record<string, unknown> }>(
      `SELECT detail FROM case_events WHERE case_id = $1 AND type = 'case:supervised'`,
      [caseId],
    );
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows[0]!.detail)).toContain('超时未处置，请立即处理并反馈');
    const fresh = await world.server.request<CaseDto>('GET', `/api/cases/${caseId}`, {
      token: world.tokens.supervisor,
    });
    expect(fresh.body).toMatchObject({ supervised: true, supervisionComment: '超时未处置，请立即处理并反馈' });
  });

  it(
    'catches up after a dropped connection; reassigns, decides an extension, sends back for rework and closes',
    { timeout: 120_000 },
    async () => {
      // The near squad is busy with the first test's case by now.
      const item = await fileAndAssign(world, 'far', '天河路夜市摊点油烟扰民');
      const page = await openBoard(world);
      const row = page.locator(`[data-testid="board-row"][data-case-id="${item.id}"]`);
      await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);

      // A dropped connection: what happened meanwhile is on the board after the
      // reconnect, and the clock offset is measured again (GET /api/meta: once for
      // the resync, once for the clock).
      await expect.poll(() => page.getByTestId('connection-status').getAttribute('data-state')).toBe('online');
      const metaRequests: string[] = [];
      page.on('request', (request) => {
        if (new URL(request.url()).pathname === '/api/meta') metaRequests.push(request.url());
      });
      world.server.app.realtime.io.disconnectSockets(true);
      await expect.poll(() => page.getByTestId('connection-status').getAttribute('data-state')).not.toBe('online');
      const missed = (
        await world.server.request<CaseDto>('POST', '/api/cases', {
          token: world.tokens.clerk,
          body: { channel: 'web', description: '断线期间受理的投诉', location: CROSSING, categoryCode: '0201' },
        })
      ).body;
      const missedRow = page.locator(`[data-testid="board-row"][data-case-id="${missed.id}"]`);
      await expect.poll(() => missedRow.count(), { timeout: 20_000 }).toBe(1);
      await expect.poll(() => missedRow.getAttribute('data-clock')).toBe('green');
      await expect.poll(() => page.getByTestId('connection-status').getAttribute('data-state')).toBe('online');
      await expect.poll(() => metaRequests.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(2);

      // Filters run over the loaded cases.
      await page.getByTestId('board-filter-channel').selectOption('web');
      await expect.poll(() => row.count()).toBe(0);
      await page.getByTestId('board-filter-channel').selectOption('hotline');
      await page.getByTestId('board-filter-squad').selectOption(String(world.fixture.squadIds.far));
      await expect.poll(() => row.count()).toBe(1);
      await page.getByTestId('board-filter-clear').click();

      // 改派: to the middle squad, picked from the recommendations.
      await row.getByTestId('reassign-button').click();
      await row.getByTestId('reassign-reason').fill('改派距离更近的环卫组');
      await row.locator(`[data-testid="reassign-squad"][data-squad-id="${world.fixture.squadIds.middle}"]`).click();
      await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain(SQUADS.middle.name);
      // The picker lists the squad's name too: wait for the reassignment itself before the squad acts.
      await expect
        .poll(
          async () =>
            (await world.server.request<CaseDto>('GET', `/api/cases/${item.id}`, { token: world.tokens.supervisor }))
              .body.squadId,
          { timeout: 10_000 },
        )
        .toBe(world.fixture.squadIds.middle);

      // The new squad asks for more time; the supervisor sees why and approves.
      const asked = await world.server.request('POST', `/api/cases/${item.id}/extension`, {
        token: world.tokens.middle_member,
        body: { extendBy: { amount: 2, unit: 'working_hours' }, reason: '需协调市场监管部门联合执法' },
      });
      expect(asked.status).toBe(200);
      const extension = row.getByTestId('board-extension');
      await expect.poll(() => extension.textContent(), { timeout: 10_000 }).toContain('需协调市场监管部门联合执法');
      expect(await extension.textContent()).toContain('2 个工作小时');
      await row.getByTestId('approve-extension-button').click();
      await row.getByTestId('approve-extension-comment').fill('同意延期');
      await row.getByTestId('approve-extension-submit').click();
      await expect.poll(() => extension.count(), { timeout: 10_000 }).toBe(0);
      expect(await row.getByTestId('board-action-error').count()).toBe(0);

      // Disposed, but not well enough: sent back, and a reason is required.
      await squadDisposes(world, item.id, 'middle_member', '已劝离');
      await expect.poll(() => row.getAttribute('data-status'), { timeout: 10_000 }).toBe('disposed');
      await row.getByTestId('rework-button').click();
      await row.getByTestId('rework-submit').click();
      await expect.poll(() => row.getByRole('alert').textContent()).toContain('请填写原因');
      await row.getByTestId('rework-reason').fill('现场复查仍有摊点，油烟未整改');
      await row.getByTestId('rework-submit').click();
      await expect.poll(() => row.getAttribute('data-status'), { timeout: 10_000 }).toBe('dispatched');
      await expect.poll(() => row.textContent()).toContain('返工 1 次');

      // Disposed again; verified and closed, it leaves the board.
      await squadDisposes(world, item.id, 'middle_member', '摊点已取缔，油烟净化设备已安装');
      await expect.poll(() => row.getAttribute('data-status'), { timeout: 10_000 }).toBe('disposed');
      await row.getByTestId('close-case-button').click();
      await row.getByTestId('close-case-comment').fill('现场核查已整改到位');
      await row.getByTestId('close-case-submit').click();
      await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(0);

      const history = await world.server.request<CaseTimeline>('GET', `/api/cases/${item.id}/timeline`, {
        token: world.tokens.supervisor,
      });
      expect(history.status).toBe(200);
      expect(history.body.events.map((e) => e.type)).toEqual(
        expect.arrayContaining([
          'case:reassigned',
          'case:extension_requested',
          'case:extension_approved',
          'case:reworked',
          'case:closed',
        ]),
      );
      const reworked = history.body.events.find((e) => e.type === 'case:reworked');
      expect(JSON.stringify(reworked?.detail)).toContain('现场复查仍有摊点');
    },
  );
});
