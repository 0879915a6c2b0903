import { describe, expect, it } from 'vitest';
import type { GradeRules } from '@civic/shared';
import { hasChromium } from '../support/env.ts';
import { logIn, useBrowserWorld } from './browser.ts';

// The admin's form for the 一卡四色 rules: it refuses red at or below orange
// before sending, and saves what the server then applies.
describe.skipIf(!hasChromium)('the grade rules form, in the browser', () => {
  const world = useBrowserWorld();

  it('refuses red at or below orange, then saves new thresholds', async () => {
    const page = await (await world.browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    await logIn(world, page, 'admin');
    await expect.poll(() => page.getByTestId('logout').count(), { timeout: 15_000 }).toBe(1);
    await page.evaluate(() => (window.location.hash = '#/admin'));
    const form = page.getByTestId('grade-rules');
    await expect.poll(() => form.count(), { timeout: 15_000 }).toBe(1);
    const message = form.getByTestId('grade-rules-message');

    await form.getByTestId('grade-orangeAt').fill('3');
    await form.getByTestId('grade-redAt').fill('3');
    await form.getByTestId('grade-rules-save').click();
    await expect.poll(() => message.getAttribute('data-ok')).toBe('false');

    await form.getByTestId('grade-redAt').fill('5');
    await form.getByTestId('grade-rules-save').click();
    await expect.poll(() => message.getAttribute('data-ok')).toBe('true');
    const saved = await world.server.request<GradeRules>('GET', '/api/settings/merchant-grades', {
      token: world.tokens.admin,
    });
    expect(saved.body).toMatchObject({ orangeAt: 3, redAt: 5 });
    await page.context().close();
  });
});
