import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import type { CaseDto } from '@civic/shared';
import type { ClientSocket } from './support/app.ts';
import { connected, nextEvent } from './support/app.ts';
import { createTestDatabase, type TestDatabase } from './support/db.ts';
import { databaseUrl, hasRedis, redisUrl } from './support/env.ts';
import { CROSSING, seedFixture, type Fixture } from './support/fixtures.ts';
import { callNode, loginOnNode, startServerProcess, type ServerProcess } from './support/process.ts';

// Two server processes need a database both can reach: real PostgreSQL
// (the embedded one lives inside a single process) and Redis between them.
describe.skipIf(!hasRedis || !databaseUrl)('two server processes sharing Redis and PostgreSQL', () => {
  let db: TestDatabase;
  let fixture: Fixture;
  let nodeA: ServerProcess;
  let nodeB: ServerProcess;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    fixture = await seedFixture(db.pool);
    [nodeA, nodeB] = await Promise.all([
      startServerProcess({ DATABASE_URL: db.url, REDIS_URL: redisUrl }),
      startServerProcess({ DATABASE_URL: db.url, REDIS_URL: redisUrl }),
    ]);
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await Promise.all([nodeA?.stop(), nodeB?.stop()]);
    await db?.drop();
  });

  const call = callNode;
  const login = loginOnNode;
  const connect = (node: ServerProcess, token: string) => {
    const socket: ClientSocket = io(node.baseUrl, {
      auth: { token },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    sockets.push(socket);
    return socket;
  };

  it('reports Redis in its health on both nodes', async () => {
    for (const node of [nodeA, nodeB]) {
      const health = await call<{ redis: { ok: boolean; mode: string }; database: { mode: string } }>(
        node,
        'GET',
        '/api/health',
      );
      expect(health.body.redis).toEqual({ ok: true, mode: 'redis' });
      expect(health.body.database.mode).toBe('external');
    }
  });

  it('a complaint filed on node A reaches a dispatcher connected to node B; an assignment on B reaches a phone on A', async () => {
    const clerkOnA = await login(nodeA, 'clerk');
    const dispatcherOnB = await login(nodeB, 'dispatcher');
    const wallOnB = connect(nodeB, dispatcherOnB);
    const phoneOnA = connect(nodeA, await login(nodeA, 'near_member'));
    await Promise.all([connected(wallOnB), connected(phoneOnA)]);

    const arrived = nextEvent(wallOnB, 'case:created', (e) => e.case.description === '跨节点');
    const filed = await call<CaseDto>(nodeA, 'POST', '/api/cases', clerkOnA, {
      channel: 'web',
      description: '跨节点',
      location: CROSSING,
    });
    expect(filed.status).toBe(201);
    const event = await arrived;
    expect(event.case.id).toBe(filed.body.id);
    expect(event.seq).toBe(filed.body.lastSeq);

    const onPhone = nextEvent(phoneOnA, 'case:assigned', (e) => e.case.id === filed.body.id);
    const assigned = await call(nodeB, 'POST', `/api/cases/${filed.body.id}/assignments`, dispatcherOnB, {
      squadId: fixture.squadIds.near,
    });
    expect(assigned.status).toBe(201);
    expect((await onPhone).case.status).toBe('dispatched');
  });
});
