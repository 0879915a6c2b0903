import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { lineString, point, polygon } from '@turf/helpers';
import { lineIntersect } from '@turf/line-intersect';
import { describe, expect, it } from 'vitest';
import {
  DEMO_DISTRICT_BBOX,
  DEMO_INTERSECTIONS,
  DEMO_LANDMARKS,
  DEMO_ROADS,
  DEMO_SQUADS,
  DEMO_SUB_DISTRICTS,
  DEMO_USERS,
  roadGeoJson,
  subDistrictGeoJson,
  type LngLatPair,
} from './data/index.ts';
import { DESCRIPTION_TEMPLATES } from './complaints.ts';
import { STANDARD_CATEGORIES } from '../categories/standard-catalogue.ts';
import { DEMO_LOGINS } from './seed.ts';
import { distanceM, makeRoadLine, snapToRoads, type Coord } from './geometry.ts';

const subDistrictPolygons = new Map(
  DEMO_SUB_DISTRICTS.map((s) => [s.code, polygon(subDistrictGeoJson(s).coordinates)]),
);
const roadByName = new Map(DEMO_ROADS.map((r) => [r.name, r]));

/** Which demo sub-districts contain `p` (boundary points count for both sides). */
function containing(p: LngLatPair): string[] {
  return DEMO_SUB_DISTRICTS.filter((s) => booleanPointInPolygon(point([...p]), subDistrictPolygons.get(s.code)!)).map(
    (s) => s.code,
  );
}

/** Shoelace area in square degrees; positive for a counter-clockwise ring. */
function signedArea(ring: readonly LngLatPair[]): number {
  let sum = 0;
  for (let i = 1; i < ring.length; i++) sum += ring[i - 1]![0] * ring[i]![1] - ring[i]![0] * ring[i - 1]![1];
  return sum / 2;
}

describe('demo sub-districts', () => {
  it('have unique codes and names under 410108', () => {
    expect(new Set(DEMO_SUB_DISTRICTS.map((s) => s.code)).size).toBe(DEMO_SUB_DISTRICTS.length);
    expect(new Set(DEMO_SUB_DISTRICTS.map((s) => s.name)).size).toBe(DEMO_SUB_DISTRICTS.length);
    for (const s of DEMO_SUB_DISTRICTS) expect(s.code).toMatch(/^410108\d{3}$/);
    expect(DEMO_SUB_DISTRICTS.map((s) => s.name)).toEqual(
      expect.arrayContaining(['刘寨街道', '长兴路街道', '新城街道', '迎宾路街道', '大河路街道', '花园口镇', '古荥镇']),
    );
  });

  it('are closed, counter-clockwise rings without repeated vertices inside the district box', () => {
    const [west, south, east, north] = DEMO_DISTRICT_BBOX;
    for (const s of DEMO_SUB_DISTRICTS) {
      expect(s.ring.length, s.name).toBeGreaterThanOrEqual(4);
      expect(s.ring[0], s.name).toEqual(s.ring.at(-1));
      const open = s.ring.slice(0, -1).map((p) => p.join(','));
      expect(new Set(open).size, s.name).toBe(open.length);
      expect(signedArea(s.ring), s.name).toBeGreaterThan(0);
      for (const [lng, lat] of s.ring) {
        expect(lng).toBeGreaterThanOrEqual(west);
        expect(lng).toBeLessThanOrEqual(east);
        expect(lat).toBeGreaterThanOrEqual(south);
        expect(lat).toBeLessThanOrEqual(north);
      }
    }
  });

  it('tile the district: areas add up to the outline and sample points fall in exactly one', () => {
    // Every grid point strictly inside the outline lies in one sub-district (none in two: no overlaps, no gaps).
    let inside = 0;
    for (let lng = 113.5205; lng < 113.75; lng += 0.005) {
      for (let lat = 34.8005; lat < 34.95; lat += 0.005) {
        const hits = containing([lng, lat]);
        expect(hits.length, `${lng},${lat}`).toBeLessThanOrEqual(1);
        inside += hits.length;
      }
    }
    expect(inside).toBeGreaterThan(1000);
    const total = DEMO_SUB_DISTRICTS.reduce((sum, s) => sum + signedArea(s.ring), 0);
    // The outline: the south edge straight, the north edge the river polyline.
    const outline: LngLatPair[] = [
      [113.52, 34.8],
      [113.75, 34.8],
      [113.75, 34.92],
      [113.72, 34.93],
      [113.68, 34.94],
      [113.64, 34.945],
      [113.6, 34.948],
      [113.56, 34.95],
      [113.52, 34.945],
      [113.52, 34.8],
    ];
    expect(total).toBeCloseTo(signedArea(outline), 10);
  });
});

describe('demo roads', () => {
  it('are polylines of several vertices within the district, with unique names and known classes', () => {
    expect(new Set(DEMO_ROADS.map((r) => r.name)).size).toBe(DEMO_ROADS.length);
    for (const road of DEMO_ROADS) {
      expect(road.line.length, road.name).toBeGreaterThanOrEqual(3);
      expect(['main', 'secondary']).toContain(road.class);
      for (const p of road.line) expect(containing(p).length, `${road.name} ${p.join(',')}`).toBeGreaterThanOrEqual(1);
    }
    for (const name of [
      '天河路',
      '英才街',
      '长兴路',
      '开元路',
      '江山路',
      '文化北路',
      '京广快速路',
      '大河路',
      '清华园路',
    ]) {
      expect(roadByName.has(name), name).toBe(true);
    }
  });

  it('天河路 crosses 英才街, and every listed intersection really crosses', () => {
    const crossing = lineIntersect(
      lineString(roadGeoJson(roadByName.get('天河路')!).coordinates),
      lineString(roadGeoJson(roadByName.get('英才街')!).coordinates),
    );
    expect(crossing.features).toHaveLength(1);
    // Near the 英才街 night-market point, in 刘寨街道.
    const [lng, lat] = crossing.features[0]!.geometry.coordinates as [number, number];
    expect(containing([lng, lat])).toEqual(['410108001']);

    for (const [a, b] of DEMO_INTERSECTIONS) {
      const ra = roadByName.get(a);
      const rb = roadByName.get(b);
      expect(ra && rb, `${a} × ${b}`).toBeTruthy();
      const hits = lineIntersect(lineString(roadGeoJson(ra!).coordinates), lineString(roadGeoJson(rb!).coordinates));
      expect(hits.features.length, `${a} × ${b}`).toBeGreaterThanOrEqual(1);
    }
  });
});

describe('demo gazetteer', () => {
  it('has about 30 uniquely named landmarks and communities, each inside its own sub-district', () => {
    expect(DEMO_LANDMARKS.length).toBeGreaterThanOrEqual(28);
    expect(new Set(DEMO_LANDMARKS.map((l) => l.name)).size).toBe(DEMO_LANDMARKS.length);
    for (const place of DEMO_LANDMARKS) {
      expect(['landmark', 'community']).toContain(place.kind);
      expect(containing(place.point), place.name).toEqual([place.subDistrictCode]);
    }
    for (const name of [
      '英才街夜市疏导点',
      '刘寨社区',
      '惠济区政府',
      '郑州植物园',
      '江山路菜市场',
      '天河路小学',
      '长兴路地铁站',
      '花园口景区',
      '古荥汉代冶铁遗址',
    ]) {
      expect(
        DEMO_LANDMARKS.some((l) => l.name === name),
        name,
      ).toBe(true);
    }
  });

  it('never gives a landmark the name of a road or a sub-district', () => {
    const others = new Set([...DEMO_ROADS.map((r) => r.name), ...DEMO_SUB_DISTRICTS.map((s) => s.name)]);
    for (const place of DEMO_LANDMARKS) expect(others.has(place.name), place.name).toBe(false);
  });
});

describe('demo squads', () => {
  const roads = DEMO_ROADS.map((r) =>
    makeRoadLine(
      r.name,
      r.line.map(([lng, lat]): Coord => [lng, lat]),
    )!,
  );

  it('are 12 with unique codes, every kind represented, mostly available with one on break and one off duty', () => {
    expect(DEMO_SQUADS).toHaveLength(12);
    expect(new Set(DEMO_SQUADS.map((s) => s.code)).size).toBe(12);
    expect(new Set(DEMO_SQUADS.map((s) => s.name)).size).toBe(12);
    for (const s of DEMO_SQUADS) expect(s.code).toMatch(/^SQ\d{2}$/);
    expect(new Set(DEMO_SQUADS.map((s) => s.kind))).toEqual(
      new Set(['enforcement', 'inspector', 'sanitation', 'street_assistant', 'volunteer']),
    );
    expect(DEMO_SQUADS.filter((s) => s.status === 'on_break')).toHaveLength(1);
    expect(DEMO_SQUADS.filter((s) => s.status === 'off_duty')).toHaveLength(1);
    expect(DEMO_SQUADS.filter((s) => s.status === 'available')).toHaveLength(10);
  });

  it('each start inside their own sub-district, on their named road', () => {
    for (const squad of DEMO_SQUADS) {
      expect(containing(squad.position), squad.code).toEqual([squad.subDistrictCode]);
      const road = roads.find((r) => r.name === squad.road);
      expect(road, squad.road).toBeDefined();
      const snap = snapToRoads([squad.position[0], squad.position[1]], [road!]);
      expect(snap!.offsetM, squad.code).toBeLessThan(10);
    }
  });

  it('have a planar helper that agrees with turf to within a metre over a few hundred metres', () => {
    const a: Coord = [113.625, 34.831];
    const b: Coord = [113.628, 34.8325];
    const road = makeRoadLine('x', [a, b])!;
    expect(Math.abs(distanceM(a, b) - road.lengthKm * 1000)).toBeLessThan(1);
  });
});

describe('demo users', () => {
  it('include the desk roles and one squad member per squad, username = lower-case code', () => {
    const usernames = DEMO_USERS.map((u) => u.username);
    expect(new Set(usernames).size).toBe(usernames.length);
    expect(usernames).toEqual(expect.arrayContaining(['admin', 'dispatcher', 'dispatcher2', 'supervisor', 'clerk']));
    const squadCodes = new Set(DEMO_SQUADS.map((s) => s.code));
    for (const user of DEMO_USERS) {
      expect(user.displayName).toMatch(/[\u4e00-\u9fff]/);
      if (user.role === 'squad_member') {
        expect(squadCodes.has(user.squadCode!), user.username).toBe(true);
        expect(user.username).toBe(user.squadCode!.toLowerCase());
      } else {
        expect(user.squadCode).toBeNull();
      }
    }
    for (const squad of DEMO_SQUADS) {
      expect(
        DEMO_USERS.filter((u) => u.squadCode === squad.code),
        squad.code,
      ).toHaveLength(1);
    }
  });

  it('are all listed in DEMO_LOGINS', () => {
    expect(DEMO_LOGINS.map((l) => l.username)).toEqual(DEMO_USERS.map((u) => u.username));
    expect(DEMO_LOGINS.find((l) => l.username === 'clerk')?.role).toBe('intake_clerk');
  });
});

describe('demo complaint texts', () => {
  it('give the simulator a description for every 小类', () => {
    for (const c of STANDARD_CATEGORIES.filter((x) => x.parentCode !== null)) {
      expect(DESCRIPTION_TEMPLATES[c.code]?.length, c.code).toBeGreaterThan(0);
      for (const template of DESCRIPTION_TEMPLATES[c.code]!) expect(template).toContain('{place}');
    }
    // No template for a code that does not exist.
    const codes = new Set(STANDARD_CATEGORIES.map((c) => c.code));
    for (const code of Object.keys(DESCRIPTION_TEMPLATES)) expect(codes.has(code), code).toBe(true);
  });
});
