import type { LngLat } from '@civic/shared';
import type { District } from '../../lib/api.ts';

type Ring = [number, number][];

/** Even-odd ray casting; the district's polygons are small enough for plane geometry in degrees. */
function inRing(ring: Ring, { lng, lat }: LngLat): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > lat !== yj > lat && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

const inPolygon = (rings: Ring[], point: LngLat) =>
  rings.length > 0 && inRing(rings[0]!, point) && !rings.slice(1).some((hole) => inRing(hole, point));

/**
 * Whether a point lies in the district's sub-districts, as the server will
 * check: a GPS fix or a dragged pin outside them is refused before sending.
 * A district with no boundary loaded takes any point.
 */
export function inDistrict(district: District, point: LngLat): boolean {
  const areas = district.features.filter((f) => f.properties.layer === 'sub_district');
  if (areas.length === 0) return true;
  return areas.some(({ geometry }) => {
    const g = geometry as { type?: string; coordinates?: unknown };
    if (g.type === 'Polygon') return inPolygon(g.coordinates as Ring[], point);
    if (g.type === 'MultiPolygon') return (g.coordinates as Ring[][]).some((rings) => inPolygon(rings, point));
    return false;
  });
}
