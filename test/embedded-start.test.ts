import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDto, HealthResult, LoginResult } from '@civic/shared';
import { DEMO_PASSWORD } from '../server/src/modules/demo/data/users.ts';
import { startServerProcess, type ServerProcess } from './support/process.ts';

// `npm start` with nothing configured: embedded PGlite + PostGIS, migrations,
// the demo district and the simulator, in a fresh data directory.
describe('npm start with nothing configured', () => {
  let dataDir: string;
  let node: ServerProcess;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'civic-embedded-'));
    node = await startServerProcess({ EMBEDDED_DATA_DIR: dataDir });
  }, 180_000);
  afterAll(async () => {
    await node?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const get = async <T>(path: string, token?: string) => {
    const response = await fetch(`${node.baseUrl}${path}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    return { status: response.status, body: (await response.json()) as T };
  };

  it('boots, migrates and answers /api/health from the embedded database', async () => {
    const health = await get<HealthResult>('/api/health');
    expect(health.status).toBe(200);
    expect(health.body).toEqual({
      status: 'ok',
      database: { ok: true, mode: 'embedded' },
      redis: { ok: true, mode: 'in-memory' },
    });
    expect(node.output()).toContain('Demo logins');
  });

  it('seeds the demo district and lets the demo dispatcher in, and the simulator files complaints', async () => {
    const district = await get<{ features: { properties: { layer: string; name: string } }[] }>('/api/district');
    const names = district.body.features.map((f) => f.properties.name);
    expect(names).toEqual(expect.arrayContaining(['天河路', '英才街', '长兴路']));
    expect(district.body.features.some((f) => f.properties.layer === 'sub_district')).toBe(true);

    const login = await fetch(`${node.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'dispatcher', password: DEMO_PASSWORD }),
    });
    expect(login.status).toBe(200);
    const { token } = (await login.json()) as LoginResult;
    // The simulator files every few seconds; wait for its first complaint.
    await expect
      .poll(async () => (await get<CaseDto[]>('/api/cases', token)).body.length, { timeout: 60_000, interval: 1000 })
      .toBeGreaterThan(0);
    await expect
      .poll(async () => (await get<{ demo: boolean }>('/api/meta', token)).body.demo, { timeout: 30_000 })
      .toBe(true);
  }, 120_000);
});
