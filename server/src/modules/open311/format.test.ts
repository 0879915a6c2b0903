import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { HttpError } from '../../http/errors.ts';
import { ERRORS, formatOf, formatOfUrl, SERVICE_DEFINITION, SERVICE_REQUESTS, toXml, xmlText } from './format.ts';
import { describeError, parseForm } from './routes.ts';

const xml = new XMLParser({
  parseTagValue: false,
  isArray: (name) => ['request', 'attribute', 'value'].includes(name),
});

const parser = { parse: (text: string) => xml.parse(text) as Record<string, Record<string, unknown>> };

describe('XML', () => {
  it('maps a list to a root with one item element per entry and null to an empty element', () => {
    const text = toXml(SERVICE_REQUESTS, [
      { service_request_id: 'HJ1', account_id: null },
      { service_request_id: 'HJ2', account_id: 'a' },
    ]);
    expect(text.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<service_requests>')).toBe(true);
    expect(text).toContain('<account_id/>');
    expect(parser.parse(text)).toEqual({
      '?xml': '',
      service_requests: {
        request: [
          { service_request_id: 'HJ1', account_id: '' },
          { service_request_id: 'HJ2', account_id: 'a' },
        ],
      },
    });
    expect(toXml(SERVICE_REQUESTS, [])).toContain('<service_requests/>');
  });

  it('nests a definition’s attributes and values as the spec’s example does', () => {
    const text = toXml(SERVICE_DEFINITION, {
      service_code: 'DMV66',
      attributes: [{ code: 'WHISHETN', values: [{ key: '123', name: 'Ford' }] }],
    });
    expect(parser.parse(text).service_definition).toEqual({
      service_code: 'DMV66',
      attributes: { attribute: [{ code: 'WHISHETN', values: { value: [{ key: '123', name: 'Ford' }] } }] },
    });
  });

  it('escapes markup and drops what XML 1.0 cannot carry at all', () => {
    expect(xmlText('a\u0000b\u0007c\td\ne\uFFFEf\uD800g😀')).toBe('abc\td\nefg😀');
    const text = toXml(ERRORS, [{ code: 400, description: '<b>&"\'\u0001' }]);
    expect(text).not.toContain('<b>');
    expect(parser.parse(text).errors!.error).toEqual({ code: '400', description: '<b>&"\'' });
  });
});

describe('formats', () => {
  it('serves .json and .xml, and nothing else', () => {
    expect(formatOf('json')).toBe('json');
    expect(formatOf('xml')).toBe('xml');
    expect(() => formatOf('html')).toThrow(HttpError);
    expect(formatOfUrl('/open311/v2/services.xml?jurisdiction_id=x.xml')).toBe('xml');
    expect(formatOfUrl('/open311/v2/services.json?x=.xml')).toBe('json');
    expect(formatOfUrl('/open311/v2/services')).toBe('json');
  });
});

describe('form bodies', () => {
  it('reads the spec’s example request, a repeated field as a list', () => {
    const form = parseForm(
      'api_key=xyz&service_code=001&lat=37.76524078&long=-122.4212043&address_string=1234+5th+street' +
        '&email=smit333%40sfgov.edu&attribute[WHISPAWN]=123456&attribute[WHISDORN]=COISL001&x=1&x=2',
    );
    expect({ ...form }).toEqual({
      api_key: 'xyz',
      service_code: '001',
      lat: '37.76524078',
      long: '-122.4212043',
      address_string: '1234 5th street',
      email: 'smit333@sfgov.edu',
      'attribute[WHISPAWN]': '123456',
      'attribute[WHISDORN]': 'COISL001',
      x: ['1', '2'],
    });
    // No prototype to pollute.
    expect(Object.getPrototypeOf(parseForm('__proto__=x'))).toBeNull();
  });
});

describe('error codes', () => {
  it('keeps 403, 404 and 429, makes every other client error a 400, and hides a fault of ours', () => {
    const status = (code: number) => describeError(new HttpError(code, 'm')).status;
    expect([403, 404, 429, 409, 413, 415, 422, 401].map(status)).toEqual([403, 404, 429, 400, 400, 400, 400, 403]);
    expect(describeError(new HttpError(503, 'database down'))).toEqual({ status: 500, description: 'Internal error' });
    expect(describeError(new Error('boom') as never)).toEqual({ status: 500, description: 'Internal error' });
  });
});
