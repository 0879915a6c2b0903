import { Type, type Static, type TSchema } from 'typebox';

/**
 * GeoReport v2's shapes (https://wiki.open311.org/GeoReport_v2/), as JSON
 * following the spec's Spark convention: a list is an array of its items, the
 * XML's root and item elements have no JSON counterpart. Field names are the
 * spec's, snake_case. Only this server speaks them, so they live here rather
 * than in @civic/shared.
 */

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const FORMATS = ['json', 'xml'] as const;
export type Format = (typeof FORMATS)[number];

export const ServiceJson = Type.Object({
  service_code: Type.String(),
  service_name: Type.String(),
  description: Nullable(Type.String()),
  metadata: Type.Boolean(),
  type: Type.Literal('realtime'),
  /** Comma separated, as the spec has it. */
  keywords: Nullable(Type.String()),
  group: Type.String(),
});
export type ServiceJson = Static<typeof ServiceJson>;

const AttributeJson = Type.Object({
  variable: Type.Boolean(),
  code: Type.String(),
  datatype: Type.Enum(['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist']),
  required: Type.Boolean(),
  datatype_description: Nullable(Type.String()),
  order: Type.Integer({ minimum: 1 }),
  description: Type.String(),
  values: Type.Array(Type.Object({ key: Type.String(), name: Type.String() })),
});

export const ServiceDefinitionJson = Type.Object({
  service_code: Type.String(),
  /** No service here asks for extra fields (metadata false): always empty. */
  attributes: Type.Array(AttributeJson),
});
export type ServiceDefinitionJson = Static<typeof ServiceDefinitionJson>;

export const CreatedRequestJson = Type.Object({
  service_request_id: Type.String(),
  service_notice: Nullable(Type.String()),
  account_id: Nullable(Type.String()),
});
export type CreatedRequestJson = Static<typeof CreatedRequestJson>;

export const RequestJson = Type.Object({
  /** The case number (案件编号), e.g. HJ20260512000123. */
  service_request_id: Type.String(),
  status: Type.Enum(['open', 'closed']),
  status_notes: Nullable(Type.String()),
  service_name: Nullable(Type.String()),
  service_code: Nullable(Type.String()),
  /** Only for requests filed through Open311; withheld for the other channels (see docs/open311.md). */
  description: Nullable(Type.String()),
  agency_responsible: Nullable(Type.String()),
  service_notice: Nullable(Type.String()),
  requested_datetime: Type.String(),
  updated_datetime: Type.String(),
  expected_datetime: Nullable(Type.String()),
  address: Nullable(Type.String()),
  address_id: Type.Null(),
  zipcode: Type.Null(),
  lat: Nullable(Type.Number()),
  long: Nullable(Type.Number()),
  /** Photos are evidence behind the staff login; there is no public URL to give. */
  media_url: Type.Null(),
});
export type RequestJson = Static<typeof RequestJson>;

export const ErrorsJson = Type.Array(Type.Object({ code: Type.Integer(), description: Type.String() }));
export type ErrorsJson = Static<typeof ErrorsJson>;

/** Every error status an Open311 route answers with, in the spec's error format. */
export const open311Errors = (...codes: (400 | 403 | 404 | 429)[]) =>
  Object.fromEntries(codes.map((code) => [code, ErrorsJson]));

// Inputs ---------------------------------------------------------------------

const Text = (maxLength: number) => Type.String({ maxLength });

/** `.json` or `.xml`; anything else is a 404, decided by the handler so the answer can still be well formed. */
export const FormatParams = Type.Object({ format: Text(16) }, { additionalProperties: false });
export const ServiceParams = Type.Object(
  { service_code: Text(200), format: Text(16) },
  { additionalProperties: false },
);
export const RequestParams = Type.Object(
  { service_request_id: Text(200), format: Text(16) },
  { additionalProperties: false },
);

/** jurisdiction_id is accepted everywhere and ignored: this server serves one jurisdiction. */
export const JurisdictionQuery = Type.Object(
  { jurisdiction_id: Type.Optional(Text(255)), api_key: Type.Optional(Text(200)) },
  { additionalProperties: false },
);

/** "can be declared multiple times, comma delimited": ?status=open,closed or ?status=open&status=closed. */
const CommaList = Type.Union([Text(20_000), Type.Array(Text(20_000), { maxItems: 100 })]);

export const RequestListQuery = Type.Object(
  {
    jurisdiction_id: Type.Optional(Text(255)),
    api_key: Type.Optional(Text(200)),
    service_request_id: Type.Optional(CommaList),
    service_code: Type.Optional(CommaList),
    start_date: Type.Optional(Text(64)),
    end_date: Type.Optional(Text(64)),
    status: Type.Optional(CommaList),
  },
  { additionalProperties: false },
);
export type RequestListQuery = Static<typeof RequestListQuery>;

/** Accepted on the case's complainant phone column as well. */
const PHONE_PATTERN = '^[0-9+\\- ]{5,20}$';

/**
 * POST requests, as application/x-www-form-urlencoded (the spec's) or JSON.
 * `attribute[...]` fields are refused: no service defines any.
 */
export const CreateRequestBody = Type.Object(
  {
    api_key: Type.Optional(Text(200)),
    jurisdiction_id: Type.Optional(Text(255)),
    service_code: Type.String({ minLength: 1, maxLength: 32 }),
    lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
    long: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
    address_string: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
    address_id: Type.Optional(Text(200)),
    email: Type.Optional(Type.String({ maxLength: 254, format: 'email' })),
    device_id: Type.Optional(Text(200)),
    account_id: Type.Optional(Text(200)),
    first_name: Type.Optional(Text(50)),
    last_name: Type.Optional(Text(50)),
    phone: Type.Optional(Type.String({ pattern: PHONE_PATTERN })),
    /** "free form text limited to 4,000 characters". */
    description: Type.Optional(Text(4000)),
    media_url: Type.Optional(Type.String({ maxLength: 2000, format: 'uri', pattern: '^[Hh][Tt][Tt][Pp][Ss]?://' })),
  },
  { additionalProperties: false },
);
export type CreateRequestBody = Static<typeof CreateRequestBody>;
