import { afterAll, beforeAll } from 'vitest';
import { startTestServer, type TestServer } from './app.ts';
import { createTestDatabase, type TestDatabase } from './db.ts';
import { seedFixture, USERS, type Fixture } from './fixtures.ts';

/** One test file's own database, fixture world and server, with every fixture user logged in. */
export interface TestWorld {
  db: TestDatabase;
  server: TestServer;
  fixture: Fixture;
  /** Bearer tokens by fixture username. */
  tokens: Record<keyof typeof USERS, string>;
}

/**
 * Registers the file's beforeAll/afterAll and returns the world they fill in.
 * Read its fields inside tests and hooks, not at the top of the file.
 */
export function useTestWorld(): TestWorld {
  const world = { tokens: {} } as TestWorld;
  beforeAll(async () => {
    world.db = await createTestDatabase();
    world.fixture = await seedFixture(world.db.pool);
    world.server = await startTestServer(world.db);
    for (const username of Object.keys(USERS)) world.tokens[username] = (await world.server.login(username)).token;
  });
  afterAll(async () => {
    await world.server?.close();
    await world.db?.drop();
  });
  return world;
}
