import { describe, expect, test } from 'vitest';
import type { Role } from '@civic/shared';
import { caseDto } from '../test/fixtures.ts';
import { canLinkMerchant, offerCandidates } from './merchant-case.ts';

const user = (role: Role, squadId: number | null = null) => ({ role, squadId });
const merchant = { id: 7, name: '老王水果摊', grade: 'blue' as const };

describe('canLinkMerchant', () => {
  test('the desk and the assigned squad, while the case is open', () => {
    const item = caseDto({ id: 1, status: 'on_scene', squadId: 3 });
    expect(canLinkMerchant(item, user('dispatcher'))).toBe(true);
    expect(canLinkMerchant(item, user('supervisor'))).toBe(true);
    expect(canLinkMerchant(item, user('squad_member', 3))).toBe(true);
    expect(canLinkMerchant(item, user('squad_member', 4))).toBe(false);
    expect(canLinkMerchant(item, user('intake_clerk'))).toBe(false);
    expect(canLinkMerchant({ ...item, status: 'closed' }, user('dispatcher'))).toBe(false);
  });
});

describe('offerCandidates', () => {
  test('only for a placed case with no merchant yet', () => {
    const item = caseDto({ id: 1, status: 'registered' });
    expect(offerCandidates(item, user('dispatcher'))).toBe(true);
    expect(offerCandidates({ ...item, merchant }, user('dispatcher'))).toBe(false);
    expect(offerCandidates({ ...item, location: null }, user('dispatcher'))).toBe(false);
    expect(offerCandidates(item, user('intake_clerk'))).toBe(false);
  });
});
