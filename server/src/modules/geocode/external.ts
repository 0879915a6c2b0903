import type { Crs, LngLat } from '@civic/shared';
import { toWgs84 } from '../geo/crs.ts';
import type { GeocodeLevel } from './geocoder.ts';

/**
 * A geocoding service the bureau licenses (Amap/高德, Baidu, Tianditu, a
 * provincial address service …), asked only when the gazetteer's best match
 * is below the confidence threshold. Off unless GEOCODER_URL is set.
 */
export interface ExternalGeocoder {
  /** Answers points already converted to WGS-84, best first. */
  geocode(text: string): Promise<ExternalResult[]>;
}

export interface ExternalResult {
  label: string;
  level: GeocodeLevel;
  confidence: number;
  /** WGS-84. */
  point: LngLat;
}

export interface HttpGeocoderConfig {
  /**
   * The request URL. `{text}` and `{key}` are replaced by the address and the
   * key (URL-encoded); without them `address=` and `key=` are appended.
   * e.g. https://restapi.amap.com/v3/geocode/geo?city=郑州&address={text}&key={key}
   */
  url: string;
  key?: string | undefined;
  /** The system the service answers in: gcj02 for Amap and Tencent, bd09 for Baidu, wgs84 for Tianditu. */
  crs: Crs;
  timeoutMs?: number;
}

/**
 * An HTTP geocoder that reads the answer shapes of the common services:
 * Amap (`geocodes[].location "lng,lat"`), Baidu (`result.location`,
 * `confidence` 0–100), Tianditu (`location.lon/lat`, `score`), GeoJSON
 * (Pelias, Nominatim's geojson format) and a plain
 * `{ results: [{ lng, lat, label?, level?, confidence? }] }`.
 */
export function httpGeocoder(config: HttpGeocoderConfig): ExternalGeocoder {
  const timeoutMs = config.timeoutMs ?? 2000;
  return {
    async geocode(text) {
      const response = await fetch(requestUrl(config, text), {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!response.ok) throw new Error(`external geocoder answered ${response.status}`);
      const body: unknown = await response.json();
      return readAnswer(body)
        .filter((r) => Number.isFinite(r.point.lng) && Number.isFinite(r.point.lat))
        .map((r) => ({ ...r, label: r.label || text, point: toWgs84(r.point, config.crs) }));
    },
  };
}

export function requestUrl(config: Pick<HttpGeocoderConfig, 'url' | 'key'>, text: string): string {
  const key = config.key ?? '';
  if (config.url.includes('{text}') || config.url.includes('{key}')) {
    return config.url.replaceAll('{text}', encodeURIComponent(text)).replaceAll('{key}', encodeURIComponent(key));
  }
  const url = new URL(config.url);
  url.searchParams.set('address', text);
  if (config.key) url.searchParams.set('key', config.key);
  return url.toString();
}

type Raw = Record<string, unknown>;
const isObject = (value: unknown): value is Raw => typeof value === 'object' && value !== null && !Array.isArray(value);
const num = (value: unknown): number =>
  typeof value === 'string' ? Number(value) : typeof value === 'number' ? value : NaN;
const str = (value: unknown): string => (typeof value === 'string' ? value : '');

/** Amap, Baidu and Tianditu name levels in Chinese; generic services in English. */
export function levelOf(raw: string): GeocodeLevel | undefined {
  if (/门牌|门址|house|address_point|housenumber/i.test(raw)) return 'house_number';
  if (/交叉|路口|intersection/i.test(raw)) return 'intersection';
  if (/兴趣点|POI|地标|大厦|公司|商场|学校|医院|venue|landmark/i.test(raw)) return 'landmark';
  if (/道路|street|road/i.test(raw)) return 'road';
  if (/村庄|社区|小区|neighbou?rhood|community/i.test(raw)) return 'community';
  if (/乡镇|街道|town|sub_?district|locality/i.test(raw)) return 'sub_district';
  return undefined;
}

/** What a service that gives no confidence is trusted with, by level. */
const CONFIDENCE_BY_LEVEL: Record<GeocodeLevel, number> = {
  house_number: 0.8,
  intersection: 0.8,
  landmark: 0.75,
  road: 0.65,
  community: 0.65,
  sub_district: 0.5,
};

function result(label: string, rawLevel: string, point: LngLat, confidence?: number): ExternalResult {
  const level = levelOf(rawLevel) ?? 'landmark';
  return {
    label,
    level,
    confidence: confidence !== undefined && Number.isFinite(confidence) ? confidence : CONFIDENCE_BY_LEVEL[level],
    point,
  };
}

export function readAnswer(body: unknown): ExternalResult[] {
  if (!isObject(body)) return [];
  // Amap: { status: "1", geocodes: [{ formatted_address, location: "lng,lat", level }] }
  if (Array.isArray(body.geocodes)) {
    return body.geocodes.filter(isObject).map((g) => {
      const [lng, lat] = str(g.location).split(',').map(Number);
      return result(str(g.formatted_address), str(g.level), { lng: lng ?? NaN, lat: lat ?? NaN });
    });
  }
  // Baidu: { status: 0, result: { location: { lng, lat }, confidence: 0–100, level } }
  if (isObject(body.result) && isObject(body.result.location)) {
    const r = body.result;
    const location = r.location as Raw;
    const confidence = r.confidence === undefined ? undefined : num(r.confidence) / 100;
    return [result(str(r.level), str(r.level), { lng: num(location.lng), lat: num(location.lat) }, confidence)];
  }
  // Tianditu: { status: "0", location: { lon, lat, level, score, keyWord } }
  if (isObject(body.location) && body.location.lon !== undefined) {
    const l = body.location;
    const confidence = l.score === undefined ? undefined : num(l.score) / 100;
    return [result(str(l.keyWord), str(l.level), { lng: num(l.lon), lat: num(l.lat) }, confidence)];
  }
  // GeoJSON FeatureCollection (Pelias, Nominatim format=geojson).
  if (body.type === 'FeatureCollection' && Array.isArray(body.features)) {
    return body.features.filter(isObject).flatMap((f) => {
      const geometry = isObject(f.geometry) ? f.geometry : undefined;
      const properties = isObject(f.properties) ? f.properties : {};
      if (geometry?.type !== 'Point' || !Array.isArray(geometry.coordinates)) return [];
      const [lng, lat] = geometry.coordinates as unknown[];
      const confidence = properties.confidence === undefined ? undefined : num(properties.confidence);
      return [
        result(
          str(properties.label) || str(properties.display_name) || str(properties.name),
          str(properties.layer) || str(properties.type) || str(properties.addresstype),
          { lng: num(lng), lat: num(lat) },
          confidence,
        ),
      ];
    });
  }
  // Plain: { results: [{ label, lng, lat | point: { lng, lat }, level, confidence }] }
  if (Array.isArray(body.results)) {
    return body.results.filter(isObject).map((r) => {
      const point = isObject(r.point) ? r.point : r;
      const confidence = r.confidence === undefined ? undefined : num(r.confidence);
      return result(
        str(r.label) || str(r.name),
        str(r.level),
        { lng: num(point.lng), lat: num(point.lat) },
        confidence,
      );
    });
  }
  return [];
}
