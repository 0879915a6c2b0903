import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import type { Ack, CaseDto, PositionFix, Recommendation, SquadDto } from '@civic/shared';
import type { ClientSocket } from './support/app.ts';
import { connected, nextEvent } from './support/app.ts';
import { createTestDatabase, type TestDatabase } from './support/db.ts';
import { databaseUrl, hasRedis, redisUrl } from './support/env.ts';
import { seedFixture, type Fixture } from './support/fixtures.ts';
import { callNode, loginOnNode, startServerProcess, type ServerProcess } from './support/process.ts';

/** Two points in the fixture district, far from where the fixture put the squads. */
const NORTH_WEST = { lng: 113.605, lat: 34.855 };
const SOUTH_WEST = { lng: 113.605, lat: 34.805 };

// Latest positions are shared through PostgreSQL (squad_positions, see
// docs/architecture.md): what one node stores, every node ranks and lists.
describe.skipIf(!hasRedis || !databaseUrl)('squad positions across two server processes', () => {
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
  const connect = async (node: ServerProcess, token: string) => {
    const socket: ClientSocket = io(node.baseUrl, {
      auth: { token },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    sockets.push(socket);
    await connected(socket);
    return socket;
  };
  const send = (phone: ClientSocket, fix: PositionFix): Promise<Ack<null>> =>
    phone.timeout(5000).emitWithAck('squad:position', fix);
  const listed = async (node: ServerProcess, token: string, squadId: number) => {
    const { body } = await call<SquadDto[]>(node, 'GET', '/api/squads', token);
    return body.find((s) => s.id === squadId)!;
  };
  const recommendedOn = async (node: ServerProcess, clerk: string, dispatcher: string, at: typeof NORTH_WEST) => {
    const filed = await call<CaseDto>(node, 'POST', '/api/cases', clerk, {
      channel: 'web',
      description: '跨节点推荐',
      location: at,
    });
    expect(filed.status).toBe(201);
    const { body } = await call<Recommendation[]>(
      node,
      'GET',
      `/api/cases/${filed.body.id}/recommendations`,
      dispatcher,
    );
    return body.map((r) => r.squad.id);
  };

  it('a fix reported on node A is listed, pushed and ranked on node B', async () => {
    const dispatcherOnB = await login(nodeB, 'dispatcher');
    const clerkOnB = await login(nodeB, 'clerk');
    const wallOnB = await connect(nodeB, dispatcherOnB);
    const phoneOnA = await connect(nodeA, await login(nodeA, 'near_member'));
    const squadId = fixture.squadIds.near;

    const frame = nextEvent(wallOnB, 'squad:positions', (batch) =>
      batch.positions.some((p) => p.squadId === squadId && p.lng === NORTH_WEST.lng),
    );
    const sentAt = new Date().toISOString();
    // Acknowledged once stored, so it is already in the shared table.
    expect(await send(phoneOnA, { ...NORTH_WEST, at: sentAt, sentAt, accuracyM: 6 })).toEqual({ data: null });
    await frame;

    const onB = await listed(nodeB, dispatcherOnB, squadId);
    expect(onB.position).toEqual(NORTH_WEST);
    expect(onB.positionFresh).toBe(true);
    // Nearest to where the phone now is, ranked by node B.
    expect((await recommendedOn(nodeB, clerkOnB, dispatcherOnB, NORTH_WEST))[0]).toBe(squadId);
  });

  it('a fix delivered late to node A does not undo a newer one stored by node B', async () => {
    const dispatcherOnA = await login(nodeA, 'dispatcher');
    const squadId = fixture.squadIds.middle;
    const phoneOnB = await connect(nodeB, await login(nodeB, 'middle_member'));
    const phoneOnA = await connect(nodeA, await login(nodeA, 'middle_member'));
    const now = Date.now();
    expect(await send(phoneOnB, { ...SOUTH_WEST, at: new Date(now).toISOString() })).toEqual({ data: null });
    expect(await send(phoneOnA, { ...NORTH_WEST, at: new Date(now - 5000).toISOString() })).toEqual({ data: null });
    const onA = await listed(nodeA, dispatcherOnA, squadId);
    expect(onA.position).toEqual(SOUTH_WEST);
    expect(onA.positionAt).toBe(new Date(now).toISOString());
  });

  it('a fix that was already stale when node A stored it is grey and never recommended on node B', async () => {
    const dispatcherOnB = await login(nodeB, 'dispatcher');
    const clerkOnB = await login(nodeB, 'clerk');
    const squadId = fixture.squadIds.near;
    // Newer than the last fix, but ten minutes old on arrival (the phone held it).
    await db.pool.query(`UPDATE squads SET position_at = now() - interval '1 day' WHERE id = $1`, [squadId]);
    const phoneOnA = await connect(nodeA, await login(nodeA, 'near_member'));
    const sentAt = Date.now();
    const fix = { ...SOUTH_WEST, at: new Date(sentAt - 600_000).toISOString(), sentAt: new Date(sentAt).toISOString() };
    expect(await send(phoneOnA, fix)).toEqual({ data: null });

    const onB = await listed(nodeB, dispatcherOnB, squadId);
    expect(onB.position).toEqual(SOUTH_WEST);
    expect(onB.positionFresh).toBe(false);
    expect(await recommendedOn(nodeB, clerkOnB, dispatcherOnB, SOUTH_WEST)).not.toContain(squadId);
  });
});
