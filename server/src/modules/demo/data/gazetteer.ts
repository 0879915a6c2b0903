/**
 * The demo gazetteer as one GeoJSON FeatureCollection, loaded by the demo seed
 * through the same importer a bureau uses for its own data
 * (geocode/import.ts): road lines, landmarks, communities, sub-districts,
 * aliases and house-number points. Intersections are derived from the road
 * lines by the import.
 *
 * APPROXIMATE DEMO DATA drawn by the project, not survey data. The aliases
 * are the short forms callers use; the house numbers are invented: number n
 * sits n × 10 m from a road's first vertex (west or south end), odd numbers
 * 15 m to the left of the road's direction, even numbers 15 m to the right,
 * and only every tenth pair (1, 2, 11, 12, 21, 22 …) is "known", so that the
 * geocoder interpolates the others, as it must with real data.
 */
import { makeRoadLine, pointAlong, type RoadLine } from '../geometry.ts';
import { DEMO_LANDMARKS } from './landmarks.ts';
import { DEMO_ROADS } from './roads.ts';
import { DEMO_SUB_DISTRICTS, subDistrictGeoJson, type LngLatPair } from './subDistricts.ts';

/** Short names callers use, by gazetteer name. */
export const DEMO_ALIASES: Readonly<Record<string, readonly string[]>> = {
  惠济万达广场: ['万达广场', '惠济万达', '万达'],
  惠济区政府: ['区政府', '惠济区人民政府'],
  惠济区城市管理执法局: ['城管局', '区城管局', '惠济城管局', '城管执法局', '城市管理执法局'],
  惠济区人民医院: ['区人民医院', '区医院', '惠济医院'],
  郑州北站: ['北站', '火车北站', '郑州火车北站'],
  郑州植物园: ['植物园'],
  花园口景区: ['花园口风景区', '花园口旅游区'],
  郑州黄河国家湿地公园: ['黄河湿地公园', '湿地公园'],
  黄河风景名胜区: ['黄河风景区', '黄河游览区'],
  古荥汉代冶铁遗址: ['汉代冶铁遗址', '冶铁遗址'],
  长兴路地铁站: ['长兴路站', '地铁长兴路站'],
  英才街夜市疏导点: ['英才街夜市', '英才街疏导点'],
  大河村遗址: ['大河村遗址博物馆'],
  文化北路农贸市场: ['文化北路菜市场'],
  江山路菜市场: ['江山路农贸市场'],
  刘寨街道办事处: ['刘寨办事处'],
  长兴路街道办事处: ['长兴路办事处'],
  大河路街道办事处: ['大河路办事处'],
  迎宾路街道办事处: ['迎宾路办事处'],
  花园口镇政府: ['花园口镇人民政府'],
  古荥镇政府: ['古荥镇人民政府'],
  京广快速路: ['京广快速'],
  北三环: ['北三环路', '三环'],
  花园口镇: ['花园口'],
  古荥镇: ['古荥'],
};

export const DEMO_HOUSE_NUMBER_SPACING_M = 10;
/** Every this many numbers a pair (odd and even) is known. */
export const DEMO_HOUSE_NUMBER_EVERY = 10;
const SIDE_OFFSET_M = 15;
const MAX_NUMBER = 999;

const roadLines = new Map<string, RoadLine>();
for (const road of DEMO_ROADS) {
  const line = makeRoadLine(
    road.name,
    road.line.map(([lng, lat]) => [lng, lat]),
  );
  if (line) roadLines.set(road.name, line);
}

/**
 * Where house number `n` of a demo road is by the rule above, known or not:
 * what the accuracy suite compares the geocoder's answer with.
 */
export function demoHouseNumberPoint(roadName: string, n: number): LngLatPair | undefined {
  const road = roadLines.get(roadName);
  const km = (n * DEMO_HOUSE_NUMBER_SPACING_M) / 1000;
  if (!road || n < 1 || km > road.lengthKm) return undefined;
  const [lng, lat] = pointAlong(road, km);
  const before = pointAlong(road, Math.max(0, km - 0.005));
  const after = pointAlong(road, Math.min(road.lengthKm, km + 0.005));
  const metresPerDegreeLng = 111_320 * Math.cos((lat * Math.PI) / 180);
  const east = (after[0] - before[0]) * metresPerDegreeLng;
  const north = (after[1] - before[1]) * 110_574;
  const length = Math.hypot(east, north) || 1;
  // Left of the direction of travel is (−north, east).
  const side = n % 2 === 1 ? 1 : -1;
  const dx = (side * -north * SIDE_OFFSET_M) / length;
  const dy = (side * east * SIDE_OFFSET_M) / length;
  return [round7(lng + dx / metresPerDegreeLng), round7(lat + dy / 110_574)];
}

const round7 = (value: number) => Math.round(value * 1e7) / 1e7;

/** The known house numbers: 1, 2, 11, 12, … along every demo road. */
export const DEMO_HOUSE_NUMBERS: readonly { road: string; number: number; point: LngLatPair }[] = DEMO_ROADS.flatMap(
  (road) => {
    const known: { road: string; number: number; point: LngLatPair }[] = [];
    for (let base = 0; base <= MAX_NUMBER; base += DEMO_HOUSE_NUMBER_EVERY) {
      for (const number of [base + 1, base + 2]) {
        const point = demoHouseNumberPoint(road.name, number);
        if (point) known.push({ road: road.name, number, point });
      }
    }
    return known;
  },
);

interface Feature {
  type: 'Feature';
  geometry: { type: string; coordinates: unknown };
  properties: Record<string, unknown>;
}

const aliases = (name: string) => [...(DEMO_ALIASES[name] ?? [])];

/** The whole demo gazetteer, ready for importGazetteer(…, 'geojson'). */
export function demoGazetteer(): { type: 'FeatureCollection'; features: Feature[] } {
  const features: Feature[] = [
    ...DEMO_SUB_DISTRICTS.map((sub): Feature => ({
      type: 'Feature',
      geometry: subDistrictGeoJson(sub),
      properties: { kind: 'sub_district', name: sub.name, aliases: aliases(sub.name) },
    })),
    ...DEMO_ROADS.map((road): Feature => ({
      type: 'Feature',
      geometry: { type: 'LineString', coordinates: road.line.map(([lng, lat]) => [lng, lat]) },
      properties: { kind: 'road', name: road.name, class: road.class, aliases: aliases(road.name) },
    })),
    ...DEMO_LANDMARKS.map((place): Feature => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [place.point[0], place.point[1]] },
      properties: { kind: place.kind, name: place.name, aliases: aliases(place.name) },
    })),
    ...DEMO_HOUSE_NUMBERS.map((house): Feature => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [house.point[0], house.point[1]] },
      properties: { kind: 'house_number', road: house.road, house_number: String(house.number) },
    })),
  ];
  return { type: 'FeatureCollection', features };
}
