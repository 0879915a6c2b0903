/**
 * The registry's create/edit form: what its fields hold (strings, as inputs
 * give them) and the MerchantInput they make, or the first field that is
 * wrong, checked as the server's schema would check it so the person hears of
 * it beside the field instead of from a 400.
 */
import type { LngLat, MerchantDto, MerchantInput, MerchantKind } from '@civic/shared';
import type { MessageKey } from './i18n.ts';

export interface MerchantDraft {
  name: string;
  kind: MerchantKind;
  operatorName: string;
  operatorPhone: string;
  businessType: string;
  storefrontDescription: string;
  businessTools: string;
  address: string;
  location: LngLat | null;
  cardIssuedOn: string;
  cardIssuedBy: string;
  active: boolean;
}

export type DraftField = keyof MerchantDraft;

export type DraftResult = { ok: true; input: MerchantInput } | { ok: false; field: DraftField; error: MessageKey };

/** The longest each text field may be (MerchantInput in @civic/shared). */
export const MAX_LENGTHS = {
  name: 100,
  operatorName: 50,
  businessType: 50,
  storefrontDescription: 500,
  businessTools: 200,
  address: 200,
  cardIssuedBy: 50,
} as const satisfies Partial<Record<DraftField, number>>;

const PHONE = /^[0-9+\- ]{5,20}$/;
const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function draftFrom(merchant?: MerchantDto): MerchantDraft {
  return {
    name: merchant?.name ?? '',
    kind: merchant?.kind ?? 'shop',
    operatorName: merchant?.operatorName ?? '',
    operatorPhone: merchant?.operatorPhone ?? '',
    businessType: merchant?.businessType ?? '',
    storefrontDescription: merchant?.storefrontDescription ?? '',
    businessTools: merchant?.businessTools ?? '',
    address: merchant?.address ?? '',
    location: merchant ? { ...merchant.location } : null,
    cardIssuedOn: merchant?.card?.issuedOn ?? '',
    cardIssuedBy: merchant?.card?.issuedBy ?? '',
    active: merchant?.active ?? true,
  };
}

/** A blank optional field is null (the schema's strings must not be empty). */
const optional = (value: string): string | null => value.trim() || null;

export function inputFrom(draft: MerchantDraft): DraftResult {
  const fail = (field: DraftField, error: MessageKey): DraftResult => ({ ok: false, field, error });
  const name = draft.name.trim();
  if (!name) return fail('name', 'merchants.form.nameRequired');
  for (const [field, max] of Object.entries(MAX_LENGTHS) as [keyof typeof MAX_LENGTHS, number][]) {
    if (draft[field].trim().length > max) return fail(field, 'merchants.form.tooLong');
  }
  const phone = optional(draft.operatorPhone);
  if (phone !== null && !PHONE.test(phone)) return fail('operatorPhone', 'merchants.form.phoneInvalid');
  const issuedOn = optional(draft.cardIssuedOn);
  if (issuedOn !== null && !(LOCAL_DATE.test(issuedOn) && isRealDate(issuedOn))) {
    return fail('cardIssuedOn', 'merchants.form.dateInvalid');
  }
  if (!draft.location) return fail('location', 'merchants.form.locationRequired');
  return {
    ok: true,
    input: {
      name,
      kind: draft.kind,
      operatorName: optional(draft.operatorName),
      operatorPhone: phone,
      businessType: optional(draft.businessType),
      storefrontDescription: optional(draft.storefrontDescription),
      businessTools: optional(draft.businessTools),
      address: optional(draft.address),
      location: { lng: draft.location.lng, lat: draft.location.lat },
      cardIssuedOn: issuedOn,
      cardIssuedBy: optional(draft.cardIssuedBy),
      active: draft.active,
    },
  };
}

/** 2024-02-30 matches the pattern but is no day. */
function isRealDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

const DRAFT_FIELDS = new Set<string>(Object.keys(draftFrom()));

/** The form field a server refusal names ('body.location.lng' → location), or null. */
export function draftFieldOf(apiField: string | undefined): DraftField | null {
  if (!apiField) return null;
  const name = apiField.replace(/^\/?body[./]?/, '').split(/[./]/)[0];
  if (name === 'crs') return 'location';
  return name !== undefined && DRAFT_FIELDS.has(name) ? (name as DraftField) : null;
}
