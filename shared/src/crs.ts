import { Type, type Static } from 'typebox';

/**
 * The coordinate systems a point may arrive in or be asked for
 * (DOMAIN.md, "Coordinates in China"): wgs84 from phone GPS and Tianditu
 * (CGCS2000 equals it at metre level), gcj02 from Amap/高德 and Tencent,
 * bd09 from Baidu. Everything is stored in WGS-84 and converted at the edge.
 */
export const CRS_NAMES = ['wgs84', 'gcj02', 'bd09'] as const;
export type Crs = (typeof CRS_NAMES)[number];
export const Crs = Type.Enum(CRS_NAMES, {
  description: 'Coordinate system: wgs84 (GPS, Tianditu), gcj02 (Amap/高德, Tencent) or bd09 (Baidu)',
});

/** `?crs=`: the system a client sends its points in, or wants them back in; wgs84 when absent. */
export const CrsQuery = Type.Object({ crs: Type.Optional(Crs) }, { additionalProperties: false });
export type CrsQuery = Static<typeof CrsQuery>;
