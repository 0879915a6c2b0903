import { describe, expect, test } from 'vitest';
import type { CaseDto, DeadlineDto, UserDto } from '@civic/shared';
import { caseDto } from '../test/fixtures.ts';
import {
  actionBody,
  caseActions,
  emptyDraft,
  extensionStages,
  isAssignedToMe,
  mergeTargets,
  panelActions,
  parseAmount,
  type ActionDraft,
} from './case-actions.ts';

const user = (role: UserDto['role'], squadId: number | null = null): Pick<UserDto, 'role' | 'squadId'> => ({
  role,
  squadId,
});

function deadline(overrides: Partial<DeadlineDto> & Pick<DeadlineDto, 'id' | 'stage'>): DeadlineDto {
  return {
    startedAt: '2025-05-01T08:00:00.000Z',
    warnAt: '2025-05-01T10:00:00.000Z',
    dueAt: '2025-05-01T12:00:00.000Z',
    limit: { amount: 4, unit: 'working_hours' },
    source: 'category',
    metAt: null,
    escalation: null,
    ...overrides,
  };
}

describe('which buttons show', () => {
  test('a received case: the dispatcher registers, rejects or merges it; dispatching is left to the recommendations', () => {
    const item = caseDto({ id: 1, status: 'received' });
    expect(caseActions(item, user('dispatcher'))).toContain('assign');
    expect(panelActions(item, user('dispatcher'))).toEqual(['register', 'reject', 'merge']);
  });

  test('an intake clerk may only merge a received case', () => {
    expect(panelActions(caseDto({ id: 1, status: 'received' }), user('intake_clerk'))).toEqual(['merge']);
  });

  test('a disposed case: the supervisor closes it or sends it back; the clerk tells the complainant', () => {
    const item = caseDto({ id: 1, status: 'disposed', squadId: 3 });
    expect(panelActions(item, user('supervisor'))).toEqual(['close', 'rework', 'supervise', 'feedback']);
    expect(panelActions(item, user('intake_clerk'))).toEqual(['feedback']);
    expect(panelActions(item, user('dispatcher'))).toEqual(['feedback']);
  });

  test('a closed case is followed up by the roles that call complainants back', () => {
    const item = caseDto({ id: 1, status: 'closed' });
    expect(panelActions(item, user('intake_clerk'))).toEqual(['feedback', 'follow_up']);
    expect(panelActions(item, user('dispatcher'))).toEqual(['feedback']);
  });

  test('supervision: offered when not supervised, lifting only when it is', () => {
    const item = caseDto({ id: 1, status: 'dispatched', squadId: 3 });
    expect(panelActions(item, user('supervisor'))).toContain('supervise');
    expect(panelActions(item, user('supervisor'))).not.toContain('lift_supervision');
    const supervised = { ...item, supervised: true };
    expect(panelActions(supervised, user('supervisor'))).toContain('lift_supervision');
    expect(panelActions(supervised, user('supervisor'))).not.toContain('supervise');
  });

  test('an extension is decided only when one was asked for, and asked for only when none is pending', () => {
    const item = caseDto({ id: 1, status: 'accepted', squadId: 3 });
    expect(panelActions(item, user('supervisor'))).not.toContain('approve_extension');
    expect(panelActions(item, user('dispatcher'))).toContain('request_extension');
    const pending: CaseDto = {
      ...item,
      extensionRequest: {
        stage: 'dispose',
        extendBy: { amount: 2, unit: 'working_hours' },
        reason: 'waiting for the owner',
        requestedBy: 'squad',
        requestedAt: '2025-05-01T09:00:00.000Z',
      },
    };
    expect(panelActions(pending, user('supervisor'))).toEqual(
      expect.arrayContaining(['approve_extension', 'refuse_extension']),
    );
    expect(panelActions(pending, user('dispatcher'))).not.toContain('request_extension');
  });

  test('a squad member acts only on its own squad’s case', () => {
    const item = caseDto({ id: 1, status: 'dispatched', squadId: 3 });
    expect(isAssignedToMe(item, user('squad_member', 3))).toBe(true);
    expect(caseActions(item, user('squad_member', 3))).toEqual([
      'accept',
      'return',
      'request_extension',
      'link_merchant',
    ]);
    expect(caseActions(item, user('squad_member', 4))).toEqual([]);
    expect(isAssignedToMe(item, user('dispatcher', 3))).toBe(false);
  });

  test('the squad’s steps after accepting', () => {
    const squad = user('squad_member', 3);
    expect(caseActions(caseDto({ id: 1, status: 'accepted', squadId: 3 }), squad)).toEqual([
      'return',
      'en_route',
      'on_scene',
      'dispose',
      'request_extension',
      'link_merchant',
    ]);
    expect(caseActions(caseDto({ id: 1, status: 'on_scene', squadId: 3 }), squad)).toEqual([
      'dispose',
      'request_extension',
      'link_merchant',
    ]);
  });

  test('linking a merchant is the merchant section’s, not a panel button', () => {
    const item = caseDto({ id: 1, status: 'registered' });
    expect(caseActions(item, user('dispatcher'))).toContain('link_merchant');
    expect(panelActions(item, user('dispatcher'))).not.toContain('link_merchant');
  });

  test('nothing for anyone on a merged case', () => {
    const item = caseDto({ id: 1, status: 'merged' });
    for (const role of ['dispatcher', 'supervisor', 'intake_clerk', 'admin'] as const) {
      expect(panelActions(item, user(role))).toEqual([]);
    }
  });
});

describe('actionBody', () => {
  const draft = (overrides: Partial<ActionDraft> = {}): ActionDraft => ({
    ...emptyDraft(caseDto({ id: 1 })),
    ...overrides,
  });

  test('reason actions need a reason, trimmed', () => {
    expect(actionBody('reject', draft({ text: '  ' }))).toEqual({ ok: false, error: 'actions.reasonRequired' });
    expect(actionBody('return', draft({ text: ' 不属本队辖区 ' }))).toEqual({
      ok: true,
      body: { reason: '不属本队辖区' },
    });
  });

  test('a comment is optional and left out when empty', () => {
    expect(actionBody('supervise', draft())).toEqual({ ok: true, body: {} });
    expect(actionBody('close', draft({ text: '现场已核实' }))).toEqual({ ok: true, body: { comment: '现场已核实' } });
  });

  test('actions without input send an empty body', () => {
    expect(actionBody('register', draft({ text: 'ignored' }))).toEqual({ ok: true, body: {} });
  });

  test('merge needs a target case', () => {
    expect(actionBody('merge', draft())).toEqual({ ok: false, error: 'actions.mergeRequired' });
    expect(actionBody('merge', draft({ intoCaseId: 9 }))).toEqual({ ok: true, body: { intoCaseId: 9 } });
  });

  test('an extension needs a whole amount and a reason', () => {
    expect(actionBody('request_extension', draft({ amount: '1.5', text: 'x' }))).toEqual({
      ok: false,
      error: 'actions.amountInvalid',
    });
    expect(actionBody('request_extension', draft({ amount: '2' }))).toEqual({
      ok: false,
      error: 'actions.reasonRequired',
    });
    expect(
      actionBody(
        'request_extension',
        draft({ stage: 'arrive', amount: ' 2 ', unit: 'working_days', text: '等待业主' }),
      ),
    ).toEqual({
      ok: true,
      body: { stage: 'arrive', extendBy: { amount: 2, unit: 'working_days' }, reason: '等待业主' },
    });
  });

  test('feedback needs content; a follow-up always carries its satisfaction', () => {
    expect(actionBody('feedback', draft({ method: 'sms' }))).toEqual({ ok: false, error: 'actions.contentRequired' });
    expect(actionBody('feedback', draft({ method: 'sms', text: '已处理' }))).toEqual({
      ok: true,
      body: { method: 'sms', content: '已处理' },
    });
    expect(actionBody('follow_up', draft({ satisfaction: 'dissatisfied' }))).toEqual({
      ok: true,
      body: { satisfaction: 'dissatisfied' },
    });
    expect(actionBody('follow_up', draft({ satisfaction: 'satisfied', text: '很快' }))).toEqual({
      ok: true,
      body: { satisfaction: 'satisfied', comment: '很快' },
    });
  });

  test('dispose needs a note', () => {
    expect(actionBody('dispose', draft())).toEqual({ ok: false, error: 'actions.noteRequired' });
  });
});

describe('parseAmount', () => {
  test('whole numbers from 1 to 100000 only', () => {
    expect(parseAmount('1')).toBe(1);
    expect(parseAmount('100000')).toBe(100_000);
    for (const bad of ['', '0', '-1', '1e3', '2.5', '100001', 'abc']) expect(parseAmount(bad)).toBeNull();
  });
});

describe('extensionStages', () => {
  test('the running clocks, the disposal clock first; the disposal clock when none runs', () => {
    expect(extensionStages(caseDto({ id: 1 }))).toEqual(['dispose']);
    const item = caseDto({
      id: 1,
      deadlines: [
        deadline({ id: 1, stage: 'arrive' }),
        deadline({ id: 2, stage: 'dispose' }),
        deadline({ id: 3, stage: 'register', metAt: '2025-05-01T08:30:00.000Z' }),
      ],
    });
    expect(extensionStages(item)).toEqual(['dispose', 'arrive']);
    expect(emptyDraft(item).stage).toBe('dispose');
  });
});

describe('closing a case about a registered merchant', () => {
  const merchant = { id: 7, name: '老王水果摊', grade: 'blue' as const };
  const draft = (violation: ActionDraft['violation'], text = ''): ActionDraft => ({
    ...emptyDraft(caseDto({ id: 1, merchant })),
    text,
    violation,
  });

  test('the finding starts unconfirmed, and only for a case with a merchant', () => {
    expect(emptyDraft(caseDto({ id: 1, merchant })).violation).toEqual({ confirmed: false, type: '' });
    expect(emptyDraft(caseDto({ id: 1 })).violation).toBeNull();
  });

  test('a confirmed violation is sent with its type, which must be chosen', () => {
    expect(actionBody('close', draft({ confirmed: true, type: '0201' }, '已核实'))).toEqual({
      ok: true,
      body: { comment: '已核实', violation: { confirmed: true, violationType: '0201' } },
    });
    expect(actionBody('close', draft({ confirmed: true, type: '' }))).toEqual({
      ok: false,
      error: 'merchants.close.typeRequired',
    });
  });

  test('left unchecked, the case records that no violation was confirmed', () => {
    expect(actionBody('close', draft({ confirmed: false, type: '0201' }))).toEqual({
      ok: true,
      body: { violation: { confirmed: false } },
    });
  });

  test('a case without a merchant closes with the comment alone', () => {
    expect(actionBody('close', draft(null, '现场已核实'))).toEqual({ ok: true, body: { comment: '现场已核实' } });
  });
});

describe('mergeTargets', () => {
  test('other open cases, same category first, then nearest', () => {
    const item = caseDto({ id: 1, categoryCode: '0201', location: { lng: 113.6, lat: 34.85 } });
    const far = caseDto({ id: 2, categoryCode: '0201', location: { lng: 113.7, lat: 34.9 } });
    const near = caseDto({ id: 3, categoryCode: '0201', location: { lng: 113.601, lat: 34.85 } });
    const otherCategory = caseDto({ id: 4, categoryCode: '0105', location: { lng: 113.6, lat: 34.85 } });
    const merged = caseDto({ id: 5, status: 'merged' });
    expect(mergeTargets(item, [item, far, otherCategory, near, merged]).map((c) => c.id)).toEqual([3, 2, 4]);
  });

  test('the server’s possible duplicates come first, in its order', () => {
    const item = caseDto({
      id: 1,
      categoryCode: '0201',
      possibleDuplicates: [
        { id: 4, caseNo: 'HJ-000004', distanceM: 40 },
        { id: 2, caseNo: 'HJ-000002', distanceM: 80 },
      ],
    });
    const open = [2, 3, 4, 5].map((id) => caseDto({ id, categoryCode: id === 3 ? '0201' : '0105' }));
    expect(mergeTargets(item, open).map((c) => c.id)).toEqual([4, 2, 3, 5]);
  });
});
