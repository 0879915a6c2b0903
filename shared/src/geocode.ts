import type { LngLat } from './geo.ts';

/** How precisely the geocoder placed an address, most precise first. */
export const GEOCODE_LEVELS = [
  'house_number',
  'intersection',
  'landmark',
  'community',
  'road',
  'sub_district',
] as const;
export type GeocodeLevel = (typeof GEOCODE_LEVELS)[number];

/** One answer of `GET /api/geocode`. */
export interface GeocodeResult {
  /** What was matched, for a person to judge: "天河路 × 英才街 东北角", "天河路123号". */
  label: string;
  level: GeocodeLevel;
  /** 0..1: how sure the match is (not how small the place is: that is `level`). */
  confidence: number;
  /** WGS-84, unless the request asked for another `crs`. */
  point: LngLat;
  source: 'gazetteer' | 'external';
}

/** A 小类 suggested for a description (`GET /api/categories/suggest`). */
export interface CategorySuggestion {
  code: string;
  name: string;
  /** 0..1: this category's share of the evidence found in the text. */
  confidence: number;
  /** The words that led here, for a person to judge at a glance. */
  matched: string[];
}
