import type { FastifyReply } from 'fastify';
import { XMLBuilder } from 'fast-xml-parser';
import { HttpError } from '../../http/errors.ts';
import { FORMATS, type ErrorsJson, type Format } from './schemas.ts';

/**
 * The two representations GeoReport v2 defines. A resource's format is the
 * suffix of its URL (`services.xml`, `requests/HJ….json`); the XML is
 * schemaless, declared UTF-8, and maps to the JSON by the spec's Spark
 * convention: a list is a root element with one item element per entry
 * (`<services><service>…`), an empty value an empty element.
 */

/** Root and item element of a list answer, or the root of an object answer. */
export type XmlShape = { root: string; item: string } | { root: string };

export const SERVICES: XmlShape = { root: 'services', item: 'service' };
export const SERVICE_DEFINITION: XmlShape = { root: 'service_definition' };
export const SERVICE_REQUESTS: XmlShape = { root: 'service_requests', item: 'request' };
export const ERRORS: XmlShape = { root: 'errors', item: 'error' };

/** The item element of a nested list, by the list's element name. */
const ITEM_OF: Record<string, string> = { attributes: 'attribute', values: 'value' };

const builder = new XMLBuilder({ format: true, indentBy: '  ', suppressEmptyNode: true });

/** `json` or `xml` from the route's `:format`; any other suffix names no resource here. */
export function formatOf(suffix: string): Format {
  if ((FORMATS as readonly string[]).includes(suffix)) return suffix as Format;
  throw new HttpError(404, `Format "${suffix}" is not served: use .json or .xml`, {
    field: 'format',
    code: 'not_found',
  });
}

/** The format an error answer takes: the URL's suffix when it is .xml, JSON otherwise. */
export function formatOfUrl(url: string): Format {
  return /\.xml$/i.test(url.split('?')[0] ?? '') ? 'xml' : 'json';
}

export function send(reply: FastifyReply, format: Format, shape: XmlShape, body: unknown, status = 200): FastifyReply {
  if (format === 'json') return reply.status(status).type('application/json; charset=utf-8').send(body);
  return reply.status(status).type('text/xml; charset=utf-8').send(toXml(shape, body));
}

export function sendErrors(reply: FastifyReply, format: Format, status: number, description: string): FastifyReply {
  const errors: ErrorsJson = [{ code: status, description }];
  return send(reply, format, ERRORS, errors, status);
}

export function toXml(shape: XmlShape, body: unknown): string {
  const content =
    'item' in shape ? { [shape.item]: (body as unknown[]).map((entry) => element(entry)) } : element(body);
  return `<?xml version="1.0" encoding="utf-8"?>\n${builder.build({ [shape.root]: content })}`;
}

/** A JSON value as the builder's input: nested lists get their item elements, text is made XML-safe. */
function element(value: unknown, name?: string): unknown {
  if (Array.isArray(value)) {
    const item = (name && ITEM_OF[name]) ?? 'item';
    return { [item]: value.map((entry) => element(entry)) };
  }
  if (typeof value === 'string') return xmlText(value);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, element(entry, key)]));
}

/**
 * Text as XML 1.0 allows it: control characters other than tab, line feed
 * and carriage return, unpaired surrogates and U+FFFE/U+FFFF cannot appear in
 * a document at all, even escaped. A description typed on a phone may hold
 * them; they are dropped rather than producing a document no client parses.
 */
export function xmlText(text: string): string {
  return text.replace(
    /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    '',
  );
}
