import { Type } from 'typebox';
import { Compile } from 'typebox/compile';
import {
  geometryProblems,
  ZoneGeometry,
  ZoneImportProperties,
  zoneRuleProblems,
  type Crs,
  type ZoneGeometry as ZoneGeometryType,
  type ZoneImportError,
  type ZoneImportProperties as ZoneImportPropertiesType,
  type ZoneKind,
} from '@civic/shared';
import { convertPoint } from '../geo/crs.ts';

/**
 * Reading a GeoJSON FeatureCollection of zones (POST /api/zones/import):
 * each feature is checked on its own, and a bad one is reported with its
 * position in the file (from 1), the field and why, never aborting the
 * others. What can be checked without the database is checked here; the
 * service checks owners and PostGIS validity as it writes.
 */

/** A feature as the import needs it: WGS-84, owner still named by code. */
export interface ZoneFeature {
  row: number;
  properties: ZoneImportPropertiesType & { kind: ZoneKind };
  geometry: ZoneGeometryType;
}

const Feature = Type.Object({
  type: Type.Literal('Feature'),
  geometry: ZoneGeometry,
  properties: ZoneImportProperties,
});
const isFeature = Compile(Feature);

/** Kind names as bureau files write them, in Chinese. */
const KIND_WORDS: Record<string, ZoneKind> = {
  疏导点: 'vending',
  便民疏导点: 'vending',
  摊点: 'vending',
  夜市: 'night_market',
  夜市经营区域: 'night_market',
  管控区: 'control',
  管控区域: 'control',
  临时管控区: 'control',
  临时管控区域: 'control',
  网格: 'grid',
  责任网格: 'grid',
  试点: 'pilot',
  试点区域: 'pilot',
};

export function readZoneFeatures(
  features: readonly unknown[],
  crs: Crs = 'wgs84',
): { features: ZoneFeature[]; errors: ZoneImportError[] } {
  const read: ZoneFeature[] = [];
  const errors: ZoneImportError[] = [];
  features.forEach((raw, index) => {
    const row = index + 1;
    const feature = withKindWord(raw);
    if (!isFeature.Check(feature)) {
      const first = isFeature.Errors(feature)[0];
      const field = fieldOf(first?.instancePath ?? '', first?.params);
      errors.push({ row, field, message: `${field} ${describe(field, first)}` });
      return;
    }
    const { properties, geometry } = feature;
    const problems = [
      ...zoneRuleProblems(properties, properties.ownerSquadCode ? 'ownerSquadCode' : undefined).map((p) => ({
        ...p,
        field: `properties.${p.field}`,
      })),
      ...geometryProblems(geometry),
    ];
    if (problems[0]) {
      errors.push({ row, ...problems[0] });
      return;
    }
    read.push({ row, properties, geometry: crs === 'wgs84' ? geometry : toWgs84(geometry, crs) });
  });
  return { features: read, errors };
}

/** A Chinese kind name replaced by the kind it means; anything else left for the schema to judge. */
function withKindWord(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null) return raw;
  const properties = (raw as { properties?: unknown }).properties;
  if (typeof properties !== 'object' || properties === null) return raw;
  const kind = (properties as { kind?: unknown }).kind;
  const word = typeof kind === 'string' ? KIND_WORDS[kind.trim()] : undefined;
  return word ? { ...raw, properties: { ...properties, kind: word } } : raw;
}

/** "/properties/openingHours/0/end" → "properties.openingHours.0.end"; a missing property is named too. */
function fieldOf(instancePath: string, params: unknown): string {
  const path = instancePath.split('/').filter(Boolean);
  const required = (params as { requiredProperties?: unknown } | undefined)?.requiredProperties;
  if (Array.isArray(required) && typeof required[0] === 'string') path.push(required[0]);
  return path.join('.') || 'feature';
}

/** The validator's message, with what was allowed where it says "one of the allowed values". */
function describe(field: string, error: { keyword: string; params: object; message: string } | undefined): string {
  if (!error) return 'is invalid';
  if (field === 'geometry.type') return 'must be Polygon or MultiPolygon';
  const allowed = (error.params as { allowedValues?: unknown }).allowedValues;
  if (error.keyword === 'enum' && Array.isArray(allowed)) return `must be one of ${allowed.join(', ')}`;
  return error.message;
}

/** Every position converted from the file's system; rings stay closed, since equal points convert equally. */
function toWgs84(geometry: ZoneGeometryType, crs: Crs): ZoneGeometryType {
  const ring = (positions: number[][]) =>
    positions.map(([lng, lat]) => {
      const point = convertPoint({ lng: lng!, lat: lat! }, crs, 'wgs84');
      return [point.lng, point.lat];
    });
  return geometry.type === 'Polygon'
    ? { type: 'Polygon', coordinates: geometry.coordinates.map(ring) }
    : { type: 'MultiPolygon', coordinates: geometry.coordinates.map((polygon) => polygon.map(ring)) };
}
