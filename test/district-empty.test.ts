import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/app.ts';
import { createTestDatabase, type TestDatabase } from './support/db.ts';

// A real deployment starts with no district loaded: the map endpoint must
// still answer (empty), not fail.
describe('a deployment with no district data yet', () => {
  let db: TestDatabase;
  let server: TestServer;
  beforeAll(async () => {
    db = await createTestDatabase();
    server = await startTestServer(db);
  });
  afterAll(async () => {
    await server?.close();
    await db?.drop();
  });

  it('serves an empty district map without a bounding box', async () => {
    const { status, body } = await server.request('GET', '/api/district');
    expect(status).toBe(200);
    expect(body).toEqual({ type: 'FeatureCollection', features: [] });
  });
});
