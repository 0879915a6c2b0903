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
import { ZONE_COLOR } from '../status-colors.ts';
import { districtToGeoJSON } from './geojson.ts';

/** The district's own area, drawn as a fill: a click on it is a click inside the district. */
export const DISTRICT_AREA_SOURCE = 'district-areas';
export const DISTRICT_AREA_LAYER = 'district-areas-fill';

export type StyleSpecification = Exclude<MapOptions['style'], string | undefined>;

/** Road classes drawn as main roads (thicker, coloured). The server's default class is 'main'. */
const MAIN_ROAD_CLASSES = ['main', 'trunk', 'primary', 'arterial', 'expressway'];

/** Fonts tried for CJK text, best first, before the browser's own sans-serif. */
export const LOCAL_CJK_FONTS =
  "'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', 'WenQuanYi Micro Hei', sans-serif";

export function districtStyle(district: District): StyleSpecification {
  const { areas, roads, zones } = districtToGeoJSON(district);
  const isMain: ExpressionSpecification = ['in', ['get', 'class'], ['literal', MAIN_ROAD_CLASSES]];
  return {
    version: 8,
    sources: {
      [DISTRICT_AREA_SOURCE]: { type: 'geojson', data: areas },
      'district-roads': { type: 'geojson', data: roads },
      'district-zones': { type: 'geojson', data: zones },
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
      {
        id: 'district-zones-fill',
        type: 'fill',
        source: 'district-zones',
        paint: { 'fill-color': ZONE_COLOR, 'fill-opacity': 0.25 },
      },
      {
        id: 'district-zones-outline',
        type: 'line',
        source: 'district-zones',
        paint: { 'line-color': ZONE_COLOR, 'line-width': 1.5 },
      },
      {
        id: 'district-zones-label',
        type: 'symbol',
        source: 'district-zones',
        minzoom: 13,
        layout: { 'text-field': ['get', 'name'], 'text-size': 11, 'text-offset': [0, 1.2] },
        paint: { 'text-color': '#2b8a3e', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
      },
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
