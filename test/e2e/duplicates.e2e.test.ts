import { describe, expect, it } from 'vitest';
import type { CaseDto } from '@civic/shared';
import { hasChromium } from '../support/env.ts';
import { CROSSING } from '../support/fixtures.ts';
import { openWallScreen, useBrowserWorld } from './browser.ts';

// A second complaint about the same street stall is flagged on the wall
// screen, and the dispatcher folds it into the first with one click.
describe.skipIf(!hasChromium)('possible duplicates on the wall screen', () => {
  const world = useBrowserWorld();

  it('flags a repeat complaint nearby and merges it with one click', async () => {
    const file = async (description: string, lng: number) => {
      const filed = await world.server.request<CaseDto>('POST', '/api/cases', {
        token: world.tokens.clerk,
        body: { channel: 'hotline', description, categoryCode: '0201', location: { lng, lat: CROSSING.lat } },
      });
      expect(filed.status).toBe(201);
      return filed.body;
    };
    const first = await file('英才街口有人摆摊卖水果', CROSSING.lng);
    const second = await file('英才街路口又有水果摊占道', CROSSING.lng + 0.0003);
    expect(second.possibleDuplicates.map((d) => d.id)).toContain(first.id);

    const { page: wall } = await openWallScreen(world);
    await wall.locator(`[data-testid="case-item"][data-case-no="${second.caseNo}"]`).click();
    const candidate = wall.locator(`[data-testid="possible-duplicate"][data-case-id="${first.id}"]`);
    await expect.poll(() => candidate.count()).toBe(1);
    await candidate.getByTestId('merge-into-button').click();

    await expect.poll(() => wall.getByTestId('case-panel').getAttribute('data-status')).toBe('merged');
    const merged = await world.server.request<CaseDto>('GET', `/api/cases/${second.id}`, {
      token: world.tokens.dispatcher,
    });
    expect(merged.body.mergedInto).toEqual({ id: first.id, caseNo: first.caseNo });
  });
});
