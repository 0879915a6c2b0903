import { describe, expect, it } from 'vitest';
import type { CaseDto, CaseEventEnvelope } from '@civic/shared';
import { connected, nextEvent } from './support/app.ts';
import { CROSSING } from './support/fixtures.ts';
import { useTestWorld } from './support/world.ts';

const world = useTestWorld();

const file = (description: string) =>
  world.server.request<CaseDto>('POST', '/api/cases', {
    token: world.tokens.clerk,
    body: {
      channel: 'hotline',
      description,
      location: CROSSING,
      complainantName: '李四',
      complainantPhone: '13912345678',
    },
  });

describe('socket connections', () => {
  it('refuses a socket without a valid token', async () => {
    await expect(connected(world.server.connect(undefined))).rejects.toThrow('unauthorized');
    await expect(connected(world.server.connect('not-a-session-token-at-all-0123456789'))).rejects.toThrow(
      'unauthorized',
    );
  });

  it('pushes a new complaint to every connected dispatcher, with its seq and the phone masked', async () => {
    const first = world.server.connect(world.tokens.dispatcher);
    const second = world.server.connect(world.tokens.dispatcher2);
    await Promise.all([connected(first), connected(second)]);
    const filed = file('两个调度员都要看到');
    const [a, b] = await Promise.all([
      nextEvent(first, 'case:created', (e) => e.case.description === '两个调度员都要看到'),
      nextEvent(second, 'case:created', (e) => e.case.description === '两个调度员都要看到'),
    ]);
    const created = (await filed).body;
    expect(a.case.id).toBe(created.id);
    expect(b.seq).toBe(a.seq);
    expect(a.seq).toBe(created.lastSeq);
    expect(a.case.complainantPhone).toBe('139****5678');
  });

  it('delivers an assignment to that squad only, and its acceptance back to the dispatcher', async () => {
    const dispatcher = world.server.connect(world.tokens.dispatcher);
    const nearPhone = world.server.connect(world.tokens.near_member);
    const middlePhone = world.server.connect(world.tokens.middle_member);
    await Promise.all([connected(dispatcher), connected(nearPhone), connected(middlePhone)]);
    const middleSaw: CaseEventEnvelope[] = [];
    middlePhone.onAny((_event, payload: CaseEventEnvelope) => middleSaw.push(payload));

    const created = (await file('派给近处中队')).body;
    const assignedOnPhone = nextEvent(nearPhone, 'case:assigned', (e) => e.case.id === created.id);
    const assignedOnWall = nextEvent(dispatcher, 'case:assigned', (e) => e.case.id === created.id);
    const response = await world.server.request('POST', `/api/cases/${created.id}/assignments`, {
      token: world.tokens.dispatcher,
      body: { squadId: world.fixture.squadIds.near },
    });
    expect(response.status).toBe(201);
    const onPhone = await assignedOnPhone;
    expect(onPhone.case.squadId).toBe(world.fixture.squadIds.near);
    // The squad gets neither the complainant's name nor number.
    expect(onPhone.case.complainantName).toBe('李*');
    expect(onPhone.case.complainantPhone).toBe('139****5678');
    expect((await assignedOnWall).seq).toBe(onPhone.seq);

    const acceptedOnWall = nextEvent(dispatcher, 'case:accepted', (e) => e.case.id === created.id);
    await world.server.request('POST', `/api/cases/${created.id}/accept`, { token: world.tokens.near_member });
    expect((await acceptedOnWall).case.status).toBe('accepted');

    // A squad in another room heard nothing about this case (and no new complaints at all).
    expect(middleSaw.filter((e) => e && typeof e === 'object' && 'case' in e && e.case.id === created.id)).toEqual([]);
  });

  it('batches squad positions from phones into one frame for dispatchers, and refuses positions from non-squads', async () => {
    const dispatcher = world.server.connect(world.tokens.dispatcher);
    const phone = world.server.connect(world.tokens.middle_member);
    await Promise.all([connected(dispatcher), connected(phone)]);
    const frame = nextEvent(dispatcher, 'squad:positions', (b) =>
      b.positions.some((p) => p.squadId === world.fixture.squadIds.middle && p.lng === 113.64),
    );
    // One after another, as a phone sends them (the server keeps the latest it stored).
    const acks: unknown[] = [];
    for (const lng of [113.62, 113.63, 113.64]) {
      acks.push(await new Promise((resolve) => phone.emit('squad:position', { lng, lat: 34.84 }, resolve)));
    }
    expect(acks).toEqual([{ data: null }, { data: null }, { data: null }]);
    const batch = await frame;
    // Coalesced: one entry per squad in a frame, the latest position.
    expect(batch.positions.filter((p) => p.squadId === world.fixture.squadIds.middle)).toHaveLength(1);

    const refused = await new Promise((resolve) =>
      dispatcher.emit('squad:position', { lng: 113.6, lat: 34.8 }, resolve),
    );
    expect(refused).toMatchObject({ error: { statusCode: 403 } });
    const invalid = await new Promise((resolve) => phone.emit('squad:position', { lng: 'east' } as never, resolve));
    expect(invalid).toMatchObject({ error: { statusCode: 400 } });
  });
});
