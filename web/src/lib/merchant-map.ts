/**
 * The merchant layer's data: registry entries as GeoJSON points carrying the
 * colour of their grade (the layer paints with it, and the test hook reads
 * the same property).
 */
import type { Feature, FeatureCollection, Point } from 'geojson';
import type { MerchantGrade, MerchantKind, MerchantSummary } from '@civic/shared';
import { GRADE_COLORS } from './merchant-grades.ts';

export interface MerchantFeatureProps {
  id: number;
  name: string;
  kind: MerchantKind;
  grade: MerchantGrade;
  color: string;
}

export type MerchantCollection = FeatureCollection<Point, MerchantFeatureProps>;

/** Red drawn last, so on a crowded street the merchants that matter most stay on top. */
const DRAW_ORDER: Record<MerchantGrade, number> = { blue: 0, yellow: 1, orange: 2, red: 3 };

export function merchantsToGeoJSON(merchants: Iterable<MerchantSummary>): MerchantCollection {
  const features: Feature<Point, MerchantFeatureProps>[] = [];
  for (const m of merchants) {
    features.push({
      type: 'Feature',
      id: m.id,
      geometry: { type: 'Point', coordinates: [m.location.lng, m.location.lat] },
      properties: { id: m.id, name: m.name, kind: m.kind, grade: m.grade, color: GRADE_COLORS[m.grade] },
    });
  }
  features.sort((a, b) => DRAW_ORDER[a.properties.grade] - DRAW_ORDER[b.properties.grade]);
  return { type: 'FeatureCollection', features };
}

/** Where the wall screen's layer switch (LayerToggle) remembers whether merchants are shown. */
export const MERCHANT_LAYER_STORAGE_KEY = 'civic.map.merchants';
