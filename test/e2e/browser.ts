import { afterAll, beforeAll, expect } from 'vitest';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { chromiumPath } from '../support/env.ts';
import { PASSWORD } from '../support/fixtures.ts';
import { useTestWorld, type TestWorld } from '../support/world.ts';

export interface BrowserWorld extends TestWorld {
  browser: Browser;
}

/** A test world (database, fixture, server) plus a headless Chromium for the file. */
export function useBrowserWorld(): BrowserWorld {
  // The web app was built by the global setup (test/support/global-setup.ts).
  const world = useTestWorld() as BrowserWorld;
  beforeAll(async () => {
    world.browser = await chromium.launch({
      executablePath: chromiumPath,
      // Without the networking flags Chromium tries to reach its vendor's
      // services, which this closed network refuses.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });
  afterAll(async () => {
    await world.browser?.close();
  });
  return world;
}

export async function logIn(world: BrowserWorld, page: Page, username: string): Promise<void> {
  await page.goto(world.server.baseUrl);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
}

/** A dispatcher's wall screen, logged in, with the map drawn. */
export async function openWallScreen(world: BrowserWorld): Promise<{ page: Page; map: Locator }> {
  const page = await (await world.browser.newContext({ viewport: { width: 1600, height: 900 } })).newPage();
  await logIn(world, page, 'dispatcher');
  await expect.poll(() => page.getByTestId('wall-screen').count()).toBe(1);
  const map = page.getByTestId('map');
  await expect.poll(() => map.getAttribute('data-loaded'), { timeout: 20_000 }).toBe('true');
  return { page, map };
}

/** A squad member's phone view, in a phone-sized touch viewport. */
export async function openPhone(world: BrowserWorld, username: string): Promise<Page> {
  const context = await world.browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
  const page = await context.newPage();
  await logIn(world, page, username);
  await expect.poll(() => page.getByTestId('squad-view').count()).toBe(1);
  return page;
}
