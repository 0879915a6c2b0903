import { describe, expect, it } from 'vitest';

import { useTestWorld } from './support/world.ts';

const world = useTestWorld();

interface OpenApi {
  paths: Record<string, Record<string, { security?: unknown[] }>>;
}

describe('the API surface', () => {
  it('answers /api/health with the database status', async () => {
    const { status, body } = await world.server.request('GET', '/api/health');
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'ok', database: { ok: true }, redis: { ok: true, mode: 'in-memory' } });
  });

  it('publishes OpenAPI JSON generated from the route schemas, and browsable docs', async () => {
    const { status, body } = await world.server.request<OpenApi>('GET', '/api/docs/json');
    expect(status).toBe(200);
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining([
        '/api/cases',
        '/api/cases/{id}',
        '/api/cases/{id}/recommendations',
        '/api/cases/{id}/assignments',
        '/api/events',
        '/api/health',
      ]),
    );
    const html = await fetch(`${world.server.baseUrl}/api/docs`, { redirect: 'follow' });
    expect(html.status).toBe(200);
    expect(await html.text()).toContain('<html');
  });

  it('limits password guessing per address and username with 429 and Retry-After', async () => {
    const attempt = (username: string) =>
      fetch(`${world.server.baseUrl}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: 'wrong' }),
      });
    for (let i = 0; i < 10; i++) expect((await attempt('nobody')).status).toBe(401);
    const limited = await attempt('nobody');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ statusCode: 429, code: 'rate_limited' });
    // Another user from the same address is not locked out by it.
    expect((await attempt('somebody-else')).status).toBe(401);
  });

  it('sends security headers: a CSP that allows only the app itself, nosniff, no framing', async () => {
    const response = await fetch(`${world.server.baseUrl}/api/health`);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/https?:\/\//);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves the district map publicly: sub-districts, roads and zones, with a bounding box', async () => {
    const { status, body } = await world.server.request<{
      features: { properties: { layer: string; name: string; kind?: string; id?: number; activeNow?: boolean } }[];
      bbox: number[];
    }>('GET', '/api/district');
    expect(status).toBe(200);
    const byLayer = (layer: string) =>
      body.features.filter((f) => f.properties.layer === layer).map((f) => f.properties);
    expect(byLayer('sub_district').map((p) => p.name)).toEqual(['刘寨街道']);
    expect(
      byLayer('road')
        .map((p) => p.name)
        .sort(),
    ).toEqual(['天河路', '英才街'].sort());
    // A zone also carries its id and whether it is open now (the fixture's night market has no hours).
    expect(byLayer('zone').map(({ id, ...rest }) => [typeof id, rest])).toEqual([
      ['number', { layer: 'zone', name: '英才街夜市疏导点', kind: 'night_market', activeNow: true }],
    ]);
    expect(body.bbox.map((n) => Number(n.toFixed(4)))).toEqual([113.6, 34.8, 113.66, 34.86]);
  });

  it('answers an unknown API route with a JSON 404', async () => {
    const { status, body } = await world.server.request('GET', '/api/nothing-here', { token: world.tokens.admin });
    expect(status).toBe(404);
    expect(body).toMatchObject({ statusCode: 404, code: 'not_found' });
  });

  it('refuses every non-public route without a token (401), whatever the input', async () => {
    const { body: spec } = await world.server.request<OpenApi>('GET', '/api/docs/json');
    // Listed by hand, so that a route cannot make itself public unnoticed.
    const publicRoutes = new Set(['GET /api/health', 'GET /api/district', 'POST /api/auth/login']);
    // The citizen form and tracking, the hotline webhook (its signature is its authentication)
    // and Open311 (public reads; filing checks its api_key).
    const publicPrefixes = ['/api/public/', '/api/hotline/{source}/tickets', '/open311/v2/'];
    for (const [path, methods] of Object.entries(spec.paths)) {
      for (const method of Object.keys(methods)) {
        if (publicRoutes.has(`${method.toUpperCase()} ${path}`)) continue;
        if (publicPrefixes.some((prefix) => path.startsWith(prefix))) continue;
        const { status } = await world.server.request(method.toUpperCase(), path.replace('{id}', '1'), {
          body: method === 'get' ? undefined : {},
        });
        expect(status, `${method} ${path}`).toBe(401);
      }
    }
  });

  // One run per role: the route list grows with every module, and each run walks all of it.
  it.each(['admin', 'near_member'] as const)(
    'never answers 500 to malformed input on any route (as %s)',
    async (user) => {
      const { body: spec } = await world.server.request<OpenApi>('GET', '/api/docs/json');
      const ids = ['1', '0', '-1', 'abc', '1.5', '99999999999999999999', '%00', '１'];
      const bodies: unknown[] = [
        null,
        [],
        'text',
        42,
        {},
        { channel: 'web', description: 'x'.repeat(5000), location: { lng: 'a', lat: null } },
        { channel: ['web'], description: { nested: true }, address: 7 },
        { squadId: '1; DROP TABLE cases', lng: 1e400, lat: -1e400 },
        { squadId: 2 ** 53, note: '\u0000' },
        { status: 'flying', username: 'x', password: '' },
        {
          location: { lng: 113.6, lat: 34.8, extra: 1 },
          channel: 'web',
          description: 'ok',
          categoryCode: "0201' OR 1=1 --",
        },
        JSON.parse('{"__proto__": {"admin": true}, "constructor": {"prototype": {}}}'),
      ];
      const queries = [
        '',
        '?after=abc',
        '?after=-5',
        '?status=nope',
        '?limit=0',
        '?limit=1e9',
        '?open=maybe',
        '?after=1&after=2',
      ];
      const token = world.tokens[user];
      // Logging out would end the session the rest of the loop uses.
      for (const [path, methods] of Object.entries(spec.paths).filter(([p]) => p !== '/api/auth/logout')) {
        for (const method of Object.keys(methods).map((m) => m.toUpperCase())) {
          for (const id of path.includes('{id}') ? ids : ['']) {
            const url = path.replace('{id}', id);
            const variants =
              method === 'GET'
                ? queries.map((q) => ({ url: url + q, body: undefined }))
                : bodies.map((b) => ({ url, body: b }));
            for (const variant of variants) {
              const { status } = await world.server.request(method, variant.url, {
                token,
                body: variant.body === undefined ? undefined : JSON.stringify(variant.body),
              });
              expect(status, `${method} ${variant.url} ${JSON.stringify(variant.body)}`).toBeLessThan(500);
            }
          }
        }
      }
    },
    240_000,
  );
});
