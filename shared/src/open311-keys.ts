import { Type, type Static } from 'typebox';

/**
 * The staff side of Open311 (/api/open311/keys): the clients' api_keys. The
 * GeoReport shapes themselves stay with the server (server/src/modules/open311/schemas.ts);
 * these are here because the admin screen shows and creates keys.
 */

/** Service requests per minute a key gets when none is given. */
export const OPEN311_DEFAULT_RATE_LIMIT_PER_MINUTE = 60;
export const OPEN311_MAX_RATE_LIMIT_PER_MINUTE = 10_000;

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

export const Open311KeyDto = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  active: Type.Boolean(),
  rateLimitPerMinute: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  revokedAt: Nullable(Type.String({ format: 'date-time' })),
  lastUsedAt: Nullable(Type.String({ format: 'date-time' })),
});
export type Open311KeyDto = Static<typeof Open311KeyDto>;

export const Open311KeyCreated = Type.Object({
  ...Open311KeyDto.properties,
  /** Shown in this answer only: the server keeps its hash. */
  key: Type.String(),
});
export type Open311KeyCreated = Static<typeof Open311KeyCreated>;

export const CreateOpen311KeyBody = Type.Object(
  {
    /** Who the client is: it names the cases the key files ("Open311 · <name>"). */
    name: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }),
    /** Service requests per minute (default 60). */
    rateLimitPerMinute: Type.Optional(Type.Integer({ minimum: 1, maximum: OPEN311_MAX_RATE_LIMIT_PER_MINUTE })),
  },
  { additionalProperties: false },
);
export type CreateOpen311KeyBody = Static<typeof CreateOpen311KeyBody>;
