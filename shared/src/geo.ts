import { Type, type Static } from 'typebox';

/** A WGS-84 point as every API and socket payload carries it. */
export const LngLat = Type.Object(
  {
    lng: Type.Number({ minimum: -180, maximum: 180 }),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
  },
  { additionalProperties: false },
);
export type LngLat = Static<typeof LngLat>;
