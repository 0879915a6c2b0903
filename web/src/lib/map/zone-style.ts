/**
 * How zones are drawn, on every map: vending points and night markets green
 * (where trading is allowed in hours), control areas red and dashed, grids
 * blue dashed outlines, the pilot area a violet outline. A zone that is not
 * open now (outside its hours, or a control area yet to start) is faded.
 */
import type { ExpressionSpecification, LayerSpecification } from '@maplibre/maplibre-gl-style-spec';
import type { ZoneKind } from '@civic/shared';
import { ZONE_COLOR } from '../status-colors.ts';

export const ZONE_KIND_COLORS: Record<ZoneKind, string> = {
  vending: ZONE_COLOR,
  night_market: '#0c8599',
  control: '#e03131',
  grid: '#1971c2',
  pilot: '#7048e8',
};

const kindColor = [
  'match',
  ['get', 'kind'],
  ...Object.entries(ZONE_KIND_COLORS).flat(),
  ZONE_COLOR,
] as unknown as ExpressionSpecification;
const isKind = (...kinds: ZoneKind[]): ExpressionSpecification => ['in', ['get', 'kind'], ['literal', kinds]];
const faded = (active: number, inactive: number): ExpressionSpecification => [
  'case',
  ['get', 'active'],
  active,
  inactive,
];

/** The layers of one zone source, bottom to top; ids start with `prefix`. */
export function zoneLayers(source: string, prefix: string): LayerSpecification[] {
  return [
    {
      id: `${prefix}-fill`,
      type: 'fill',
      source,
      // Grids and the pilot area tile large areas: an outline says enough.
      filter: isKind('vending', 'night_market', 'control'),
      paint: { 'fill-color': kindColor, 'fill-opacity': faded(0.28, 0.08) },
    },
    {
      id: `${prefix}-outline`,
      type: 'line',
      source,
      filter: isKind('vending', 'night_market', 'pilot'),
      paint: {
        'line-color': kindColor,
        'line-width': ['case', isKind('pilot'), 3, 1.5],
        'line-opacity': faded(0.95, 0.4),
      },
    },
    {
      id: `${prefix}-outline-dashed`,
      type: 'line',
      source,
      filter: isKind('grid', 'control'),
      paint: {
        'line-color': kindColor,
        'line-width': ['case', isKind('control'), 2, 1.2],
        'line-dasharray': [3, 2],
        'line-opacity': faded(0.9, 0.4),
      },
    },
    {
      id: `${prefix}-label`,
      type: 'symbol',
      source,
      minzoom: 13,
      layout: { 'text-field': ['get', 'name'], 'text-size': 11, 'text-offset': [0, 1.2] },
      paint: {
        'text-color': kindColor,
        'text-halo-color': '#ffffff',
        'text-halo-width': 1.5,
        'text-opacity': faded(1, 0.6),
      },
    },
  ];
}

/** The ids of zoneLayers(…, prefix), to show, hide or remove them together. */
export function zoneLayerIds(prefix: string): string[] {
  return ['fill', 'outline', 'outline-dashed', 'label'].map((part) => `${prefix}-${part}`);
}
