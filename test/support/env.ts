/**
 * Which real services this test run has. On a bare machine (`npm test` with
 * only Node.js) integration tests run on the embedded PGlite and the tests
 * that need Redis or Chromium are skipped; CI sets CIVIC_TEST_REQUIRE_SERVICES
 * so that a missing service fails the run instead of skipping.
 */
import { existsSync } from 'node:fs';

export const databaseUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
export const redisUrl = process.env.TEST_REDIS_URL ?? process.env.REDIS_URL;
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const requireServices = ['1', 'true'].includes(process.env.CIVIC_TEST_REQUIRE_SERVICES ?? '');

export const hasRedis = redisUrl !== undefined;
export const hasChromium = existsSync(chromiumPath);

export function assertRequiredServices(): void {
  if (!requireServices) return;
  const missing = [
    databaseUrl ? null : 'DATABASE_URL (PostgreSQL + PostGIS)',
    hasRedis ? null : 'REDIS_URL',
    hasChromium ? null : `Chromium at ${chromiumPath}`,
  ].filter(Boolean);
  if (missing.length > 0)
    throw new Error(`CIVIC_TEST_REQUIRE_SERVICES is set but these are missing: ${missing.join(', ')}`);
}
