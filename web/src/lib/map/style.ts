/**
 * The base map, built in code from the district's own geometry. It has no
 * tiles, sprite or glyphs URL, so the wall screen draws with no internet;
 * labels use the browser's local fonts (maplibre ≥ 5.11 does this when no
 * glyphs URL is set).
 */
import type { MapOptions } from 'maplibre-gl';
// maplibre-gl's own declarations take this type from its style-spec package.
import type { ExpressionSpecification } from '@maplibre/maplibre-gl-style-spec';
import type { District } from '../api.ts';
import { districtToGeoJSON } from './geojson.ts';
import { districtZonesToGeoJSON } from './zone-geojson.ts';
import { zoneLayers } from './zone-style.ts';

/** The district's own area, drawn as a fill: a click on it is a click inside the district. */
export const DISTRICT_AREA_SOURCE = 'district-areas';
export const DISTRICT_AREA_LAYER = 'district-areas-fill';

export type StyleSpecification = Exclude<MapOptions['style'], string | undefined>;

/** Road classes drawn as main roads (thicker, coloured). The server's default class is 'main'. */
const MAIN_ROAD_CLASSES = ['main', 'trunk', 'primary', 'arterial', 'expressway'];

/** Fonts tried for CJK text, best first, before the browser's own sans-serif. */
export const LOCAL_CJK_FONTS =
  "'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', 'WenQuanYi Micro Hei', sans-serif";

/**
 * `zones: false` leaves the zones out, for a screen that draws them as a
 * live layer of its own (the wall screen's ZoneLayer, toggleable).
 */
export function districtStyle(district: District, options: { zones?: boolean } = {}): StyleSpecification {
  const { areas, roads } = districtToGeoJSON(district);
  const withZones = options.zones ?? true;
  const isMain: ExpressionSpecification = ['in', ['get', 'class'], ['literal', MAIN_ROAD_CLASSES]];
  return {
    version: 8,
    sources: {
      [DISTRICT_AREA_SOURCE]: { type: 'geojson', data: areas },
      'district-roads': { type: 'geojson', data: roads },
      ...(withZones ? { 'district-zones': { type: 'geojson', data: districtZonesToGeoJSON(district) } } : {}),
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#e9edf1' } },
      {
        id: DISTRICT_AREA_LAYER,
        type: 'fill',
        source: DISTRICT_AREA_SOURCE,
        paint: { 'fill-color': '#f8f9fa', 'fill-opacity': 0.95 },
      },
      {
        id: 'district-areas-outline',
        type: 'line',
        source: DISTRICT_AREA_SOURCE,
        paint: { 'line-color': '#5c7c99', 'line-width': 1.5, 'line-dasharray': [4, 2] },
      },
      {
        id: 'district-roads-minor',
        type: 'line',
        source: 'district-roads',
        filter: ['!', isMain],
        layout: { 'line-cap': 'round', 'line-join': 'round' },
        paint: {
          'line-color': '#c3ccd5',
          'line-width': ['interpolate', ['linear'], ['zoom'], 11, 1, 16, 4],
        },
      },
      {
        id: 'district-roads-main',
        type: 'line',
        source: 'district-roads',
        filter: isMain,
        layout: { 'line-cap': 'round', 'line-join': 'round' },
        paint: {
          'line-color': '#f2c46d',
          'line-width': ['interpolate', ['linear'], ['zoom'], 11, 2.5, 16, 9],
        },
      },
      ...(withZones ? zoneLayers('district-zones', 'district-zones') : []),
      {
        id: 'district-roads-label',
        type: 'symbol',
        source: 'district-roads',
        minzoom: 12,
        layout: {
          'symbol-placement': 'line',
          'text-field': ['get', 'name'],
          'text-size': 12,
        },
        paint: { 'text-color': '#7a5a1c', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
      },
      {
        id: 'district-areas-label',
        type: 'symbol',
        source: DISTRICT_AREA_SOURCE,
        layout: { 'text-field': ['get', 'name'], 'text-size': 16 },
        paint: { 'text-color': '#34506b', 'text-halo-color': '#ffffff', 'text-halo-width': 2, 'text-opacity': 0.85 },
      },
    ],
  };
}
