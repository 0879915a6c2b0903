import { describe, expect, it } from 'vitest';
import type { CaseDto } from '@civic/shared';
import { hasChromium } from '../support/env.ts';
import { SQUADS } from '../support/fixtures.ts';
import { useBrowserWorld } from './browser.ts';

/** The fixture's one sub-district, which is the whole district. */
const DISTRICT = { minLng: 113.6, minLat: 34.8, maxLng: 113.66, maxLat: 34.86 };

/** A real 16×16 JPEG, as a phone's photo picker would hand it over. */
const PHOTO = Buffer.from(
  '/9j/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2P/2wBDARESEhgVGC8aGi9jQjhC' +
    'Y2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2P/wAARCAAQABADASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAA' +
    'AAP/xAAeEAAABAcAAAAAAAAAAAAAAAAFERITAAEVI0JRYf/EABUBAQEAAAAAAAAAAAAAAAAAAAQF/8QAHBEAAQMFAAAAAAAAAAAAAAAAABITIiNRYWKB/9oA' +
    'DAMBAAIRAxEAPwCgKD1Z6+00nBRmfZagNA9JZvuuqwSRF2e4AoxSXrDrqc0kR8nuA0MVZmw00rNRmXJagkU5LFV3Xlj/2Q==',
  'base64',
);

const REPLY = '您反映的英才街占道经营问题已处理，摊贩已劝离，感谢您的监督。';
const NOTE = '内部备注：摊主已登记';

// A citizen on a phone, with no login, files a complaint through the web
// form with a pin on the map and gets a case number and a private tracking
// link. The bureau handles the case and replies; the citizen opens the link
// and sees the status and the reply, and nothing internal.
describe.skipIf(!hasChromium)('the citizen web form and tracking page, in the browser', () => {
  const world = useBrowserWorld();

  it('files with a pin, then follows the tracking link to the status and the bureau’s reply', async () => {
    const context = await world.browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    await page.goto(`${world.server.baseUrl}/#/report`);

    // Chinese by default, no login page on the way.
    await expect.poll(() => page.getByTestId('report-page').count()).toBe(1);
    expect(await page.getByTestId('login-username').count()).toBe(0);
    await expect.poll(() => page.title()).toBe('惠济区城管 · 市民举报');
    expect(await page.getByTestId('report-submit').textContent()).toContain('提交举报');
    expect(await page.getByTestId('report-gps-hint').textContent()).toContain('拍摄位置');

    const map = page.getByTestId('map');
    await expect.poll(() => map.getAttribute('data-loaded'), { timeout: 20_000 }).toBe('true');
    await page.getByTestId('report-category').selectOption('0201');
    await page.getByTestId('report-description').fill('英才街人行道上有人占道摆摊，影响通行');

    // Submitting with no place says what is missing.
    await page.getByTestId('report-submit').click();
    await expect.poll(() => page.getByTestId('report-error').textContent()).toContain('请在地图上标点');

    // A tap inside the district drops the pin.
    await map.scrollIntoViewIfNeeded();
    const box = await map.boundingBox();
    if (!box) throw new Error('the map has no bounding box');
    await page.touchscreen.tap(box.x + box.width * 0.5, box.y + box.height * 0.5);
    await expect.poll(() => page.getByTestId('report-pin-state').getAttribute('data-set')).toBe('true');
    expect(await page.getByTestId('report-pin').count()).toBe(1);

    await page.getByTestId('report-photos').setInputFiles({ name: 'site.jpg', mimeType: 'image/jpeg', buffer: PHOTO });
    await page.getByTestId('report-name').fill('王小明');
    await page.getByTestId('report-phone').fill('13800138000');
    await page.getByTestId('report-submit').click();

    const receipt = page.getByTestId('report-receipt');
    await expect.poll(() => receipt.count(), { timeout: 15_000 }).toBe(1);
    const caseNo = (await page.getByTestId('report-case-no').textContent())?.trim() ?? '';
    expect(caseNo).toMatch(/^HJ\d{14}$/);
    const trackUrl = await page.getByTestId('report-track-url').inputValue();
    expect(trackUrl).toMatch(new RegExp(`^${world.server.baseUrl}/#/track/[A-Za-z0-9_-]{22}$`));
    expect(await receipt.textContent()).toContain('位置：地图标点');
    expect(await receipt.textContent()).toContain('已上传照片 1 张');

    // The bureau's side: the case is a web complaint placed where the citizen tapped.
    const { rows } = await world.db.pool.query<{ id: number }>('SELECT id FROM cases WHERE case_no = $1', [caseNo]);
    const caseId = rows[0]!.id;
    const filed = await world.server.request<CaseDto>('GET', `/api/cases/${caseId}`, { token: world.tokens.clerk });
    expect(filed.body).toMatchObject({ channel: 'web', locationSource: 'point', complainantPhone: '13800138000' });
    const { lng, lat } = filed.body.location!;
    expect(lng).toBeGreaterThan(DISTRICT.minLng);
    expect(lng).toBeLessThan(DISTRICT.maxLng);
    expect(lat).toBeGreaterThan(DISTRICT.minLat);
    expect(lat).toBeLessThan(DISTRICT.maxLat);

    // Registered, dispatched, dealt with, and the complainant told the outcome (反馈).
    const act = async (username: string, action: string, body: unknown = {}) => {
      const response = await world.server.request('POST', `/api/cases/${caseId}/${action}`, {
        token: world.tokens[username],
        body,
      });
      expect([200, 201], `${action}: ${JSON.stringify(response.body)}`).toContain(response.status);
    };
    await act('dispatcher', 'register');
    await act('dispatcher', 'assignments', { squadId: world.fixture.squadIds.near });
    await act('near_member', 'accept');
    await act('near_member', 'dispose', { note: NOTE });
    await act('clerk', 'feedback', { method: 'web', content: REPLY });

    // The citizen follows the link from the receipt.
    await page.getByTestId('report-track-link').click();
    await expect.poll(() => page.getByTestId('track-page').count()).toBe(1);
    const status = page.getByTestId('track-status');
    await expect.poll(() => status.getAttribute('data-status'), { timeout: 10_000 }).toBe('disposed');
    expect(await status.textContent()).toContain('已处置');
    expect(await page.getByTestId('track-case-no').textContent()).toBe(caseNo);
    expect(await page.getByTestId('track-reply').textContent()).toContain(REPLY);
    expect(await page.getByTestId('track-history').textContent()).toMatch(/已受理[\s\S]*处理中[\s\S]*已处置/);
    const shown = (await page.getByTestId('track-page').textContent()) ?? '';
    for (const secret of [SQUADS.near.name, NOTE, '13800138000', '王小明', '测试-'])
      expect(shown).not.toContain(secret);

    // The same link opened afresh (another tab, days later) shows the same, and follows the language toggle.
    const later = await context.newPage();
    await later.goto(trackUrl);
    await expect.poll(() => later.getByTestId('track-status').getAttribute('data-status')).toBe('disposed');
    await later.getByTestId('lang-toggle').click();
    await expect.poll(() => later.getByTestId('track-status').textContent()).toContain('Dealt with');

    // A mangled link says so instead of sending the citizen to a login page.
    await later.goto(`${world.server.baseUrl}/#/track/not-a-token`);
    await expect.poll(() => later.getByTestId('track-error').count()).toBe(1);
    await context.close();
  });
});
