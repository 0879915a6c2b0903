import { describe, expect, test } from 'vitest';
import type { MerchantSummary } from '@civic/shared';
import { GRADE_COLORS } from './merchant-grades.ts';
import { merchantsToGeoJSON } from './merchant-map.ts';

const merchant = (id: number, grade: MerchantSummary['grade']): MerchantSummary => ({
  id,
  name: `商户${id}`,
  kind: 'street_vendor',
  grade,
  location: { lng: 113.63 + id / 1000, lat: 34.83 },
  address: null,
});

describe('merchantsToGeoJSON', () => {
  test('each merchant a point in its grade’s colour, red drawn last', () => {
    const collection = merchantsToGeoJSON([merchant(1, 'red'), merchant(2, 'blue'), merchant(3, 'yellow')]);
    expect(collection.features.map((f) => [f.properties.id, f.properties.color])).toEqual([
      [2, GRADE_COLORS.blue],
      [3, GRADE_COLORS.yellow],
      [1, GRADE_COLORS.red],
    ]);
    expect(collection.features[2]!.geometry.coordinates).toEqual([113.631, 34.83]);
  });
});
