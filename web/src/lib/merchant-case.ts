/**
 * A case and the registered merchant it is about: who may link one (the
 * shared action table's link_merchant), and when the nearby candidates are
 * worth showing.
 */
import { availableActions, type CaseDto, type UserDto } from '@civic/shared';
import { isAssignedToMe } from './case-actions.ts';

type CaseFacts = Pick<CaseDto, 'status' | 'squadId'>;
type Person = Pick<UserDto, 'role' | 'squadId'>;

/** Linking and unlinking: while the case is open, by the desk or by the squad it is assigned to. */
export function canLinkMerchant(item: CaseFacts, user: Person): boolean {
  return availableActions(item.status, user.role, isAssignedToMe(item, user)).includes('link_merchant');
}

/** Candidates are looked up around the case's pin: none without one, and none to choose from once linked. */
export function offerCandidates(item: CaseFacts & Pick<CaseDto, 'location' | 'merchant'>, user: Person): boolean {
  return item.location !== null && item.merchant === null && canLinkMerchant(item, user);
}
