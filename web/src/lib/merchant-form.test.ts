import { describe, expect, test } from 'vitest';
import type { MerchantDto } from '@civic/shared';
import { draftFieldOf, draftFrom, inputFrom, type MerchantDraft } from './merchant-form.ts';

const placed = (overrides: Partial<MerchantDraft> = {}): MerchantDraft => ({
  ...draftFrom(),
  name: '老王水果摊',
  location: { lng: 113.63, lat: 34.83 },
  ...overrides,
});

describe('inputFrom', () => {
  test('blank optional fields are sent as null, text trimmed', () => {
    const result = inputFrom(placed({ name: '  老王水果摊 ', operatorPhone: ' 13812345678 ', businessType: '  ' }));
    expect(result).toEqual({
      ok: true,
      input: {
        name: '老王水果摊',
        kind: 'shop',
        operatorName: null,
        operatorPhone: '13812345678',
        businessType: null,
        storefrontDescription: null,
        businessTools: null,
        address: null,
        location: { lng: 113.63, lat: 34.83 },
        cardIssuedOn: null,
        cardIssuedBy: null,
        active: true,
      },
    });
  });

  test.each([
    [{ name: ' ' }, 'name', 'merchants.form.nameRequired'],
    [{ name: 'x'.repeat(101) }, 'name', 'merchants.form.tooLong'],
    [{ address: 'x'.repeat(201) }, 'address', 'merchants.form.tooLong'],
    // A masked number read back from the API must not be saved over the real one.
    [{ operatorPhone: '138****5678' }, 'operatorPhone', 'merchants.form.phoneInvalid'],
    [{ cardIssuedOn: '2025-02-30' }, 'cardIssuedOn', 'merchants.form.dateInvalid'],
    [{ cardIssuedOn: '25-2-3' }, 'cardIssuedOn', 'merchants.form.dateInvalid'],
    [{ location: null }, 'location', 'merchants.form.locationRequired'],
  ] as const)('%o is refused at %s', (overrides, field, error) => {
    expect(inputFrom(placed(overrides))).toEqual({ ok: false, field, error });
  });

  test('an existing record round-trips to the input it was saved from', () => {
    const merchant = {
      id: 3,
      name: '英才街煎饼',
      kind: 'street_vendor',
      grade: 'yellow',
      location: { lng: 113.631, lat: 34.835 },
      address: '英才街夜市',
      operatorName: '王师傅',
      operatorPhone: '13800001111',
      businessType: '餐饮',
      storefrontDescription: null,
      hasStorefrontPhoto: false,
      businessTools: '三轮车',
      subDistrict: { id: 1, name: '刘寨街道' },
      grid: null,
      card: { issuedOn: '2025-03-01', issuedBy: '李队' },
      gradeSince: '2025-04-01T00:00:00.000Z',
      countingViolations: 1,
      active: true,
      createdAt: '2025-03-01T00:00:00.000Z',
      updatedAt: '2025-04-01T00:00:00.000Z',
    } satisfies MerchantDto;
    const result = inputFrom(draftFrom(merchant));
    expect(result.ok && result.input).toMatchObject({
      name: '英才街煎饼',
      kind: 'street_vendor',
      operatorPhone: '13800001111',
      cardIssuedOn: '2025-03-01',
      cardIssuedBy: '李队',
      location: { lng: 113.631, lat: 34.835 },
    });
  });
});

describe('draftFieldOf', () => {
  test('maps the server’s field names to the form’s', () => {
    expect(draftFieldOf('body.location')).toBe('location');
    expect(draftFieldOf('body.location.lng')).toBe('location');
    expect(draftFieldOf('/body/cardIssuedOn')).toBe('cardIssuedOn');
    expect(draftFieldOf('body.crs')).toBe('location');
    expect(draftFieldOf('body.unknown')).toBeNull();
    expect(draftFieldOf(undefined)).toBeNull();
  });
});
