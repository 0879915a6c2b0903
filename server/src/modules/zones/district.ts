import type { Static } from 'typebox';
import { isZoneOpenAt, type DistrictFeatureCollection, type OpeningHours } from '@civic/shared';

type District = Static<typeof DistrictFeatureCollection>;

interface ZoneTimingJson {
  openingHours?: OpeningHours[];
  startsAt?: string;
  endsAt?: string;
}

/**
 * GET /api/district's zones with `activeNow` in place of the timing the
 * query read: the opening-hours rule lives in one place (@civic/shared),
 * not again in SQL.
 */
export function withZoneActivity(district: District, now: Date): District {
  for (const feature of district.features) {
    const properties = feature.properties as District['features'][number]['properties'] & { timing?: ZoneTimingJson };
    if (properties.layer !== 'zone') continue;
    const timing = properties.timing ?? {};
    delete properties.timing;
    properties.activeNow = isZoneOpenAt(
      { openingHours: timing.openingHours ?? [], startsAt: timing.startsAt ?? null, endsAt: timing.endsAt ?? null },
      now,
    );
  }
  return district;
}
