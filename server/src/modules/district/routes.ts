import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Static } from 'typebox';
import { DistrictFeatureCollection } from '@civic/shared';
import type { Pool } from '../../db/pool.ts';
import { withZoneActivity } from '../zones/district.ts';

/**
 * The district's own boundaries, roads and zones as GeoJSON, so the map draws with
 * no tile server. Public: it is the same map any citizen page shows.
 */
export const districtRoutes =
  (pool: Pool): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/api/district',
      {
        config: { access: 'public' },
        schema: {
          tags: ['map'],
          summary: 'Sub-district polygons, roads and zones (vending points, night markets, grids) as GeoJSON',
          response: { 200: DistrictFeatureCollection },
        },
      },
      async (_request, reply) => {
        const { rows } = await pool.query<{ collection: unknown }>(
          `WITH features AS (
             SELECT json_build_object('type', 'Feature', 'geometry', ST_AsGeoJSON(geom, 6)::json,
                    'properties', json_build_object('layer', 'sub_district', 'name', name)) AS f, geom
               FROM sub_districts
             UNION ALL
             SELECT json_build_object('type', 'Feature', 'geometry', ST_AsGeoJSON(geom, 6)::json,
                    'properties', json_build_object('layer', 'road', 'name', name, 'class', class)), geom
               FROM roads
             UNION ALL
             -- A control area that has ended is no longer drawn; 'timing' becomes activeNow below.
             SELECT json_build_object('type', 'Feature', 'geometry', ST_AsGeoJSON(geom, 6)::json,
                    'properties', json_build_object('layer', 'zone', 'name', name, 'kind', kind, 'id', id,
                      'timing', json_build_object('openingHours', opening_hours, 'startsAt', starts_at, 'endsAt', ends_at))), geom
               FROM zones WHERE ends_at IS NULL OR ends_at > now())
           -- json_strip_nulls: an empty district has no bbox, and a road no class.
           SELECT json_strip_nulls(json_build_object(
                    'type', 'FeatureCollection',
                    'features', coalesce(json_agg(f), '[]'::json),
                    'bbox', CASE WHEN count(*) = 0 THEN NULL ELSE json_build_array(
                      ST_XMin(ST_Extent(geom)), ST_YMin(ST_Extent(geom)), ST_XMax(ST_Extent(geom)), ST_YMax(ST_Extent(geom))) END
                  )) AS collection
             FROM features`,
        );
        // Boundaries change rarely; let browsers keep them for a minute.
        void reply.header('cache-control', 'public, max-age=60');
        return withZoneActivity(rows[0]!.collection as Static<typeof DistrictFeatureCollection>, new Date());
      },
    );
  };
