import { describe, expect, test } from 'vitest';
import type { AssignmentDto } from '@civic/shared';
import { caseDto } from '../test/fixtures.ts';
import { ackState } from './ack-state.ts';

const assignment = (overrides: Partial<AssignmentDto> = {}): AssignmentDto => ({
  id: 1,
  squadId: 2,
  assignedAt: '2025-05-01T08:00:00.000Z',
  deliveredAt: null,
  acknowledgedAt: null,
  ackDueAt: '2025-05-01T08:02:00.000Z',
  ackOverdue: false,
  ...overrides,
});
const at = (iso: string) => Date.parse(iso);

describe('ackState', () => {
  test('sent, then delivered, then acknowledged', () => {
    const now = at('2025-05-01T08:01:00Z');
    expect(ackState(caseDto({ id: 1, status: 'dispatched', assignment: assignment() }), now)).toBe('sent');
    const delivered = assignment({ deliveredAt: '2025-05-01T08:00:05.000Z' });
    expect(ackState(caseDto({ id: 1, status: 'dispatched', assignment: delivered }), now)).toBe('delivered');
    const acknowledged = assignment({
      deliveredAt: '2025-05-01T08:00:05.000Z',
      acknowledgedAt: '2025-05-01T08:00:30.000Z',
    });
    expect(ackState(caseDto({ id: 1, status: 'dispatched', assignment: acknowledged }), now)).toBe('acknowledged');
  });

  test('overdue once ackDueAt passes on this clock, even if the server did not say so when it sent the case', () => {
    const item = caseDto({
      id: 1,
      status: 'dispatched',
      assignment: assignment({ deliveredAt: '2025-05-01T08:00:05.000Z' }),
    });
    expect(ackState(item, at('2025-05-01T08:01:59Z'))).toBe('delivered');
    expect(ackState(item, at('2025-05-01T08:02:00Z'))).toBe('overdue');
    const flagged = caseDto({ id: 1, status: 'dispatched', assignment: assignment({ ackOverdue: true }) });
    expect(ackState(flagged, at('2025-05-01T08:00:00Z'))).toBe('overdue');
  });

  test('nothing once accepted, or without a live assignment', () => {
    const now = at('2025-05-01T09:00:00Z');
    expect(ackState(caseDto({ id: 1, status: 'accepted', assignment: assignment() }), now)).toBeNull();
    expect(ackState(caseDto({ id: 1, status: 'received' }), now)).toBeNull();
    expect(ackState(caseDto({ id: 1, status: 'dispatched', assignment: null }), now)).toBeNull();
  });
});
