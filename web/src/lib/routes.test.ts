import { describe, expect, test } from 'vitest';
import { caseIdFromPath, casePath, merchantIdFromPath, merchantPath, routeKey } from './routes.ts';

describe('routes', () => {
  test('a case page path falls under /cases/:id and carries its id', () => {
    expect(routeKey('/cases/42')).toBe('/cases/:id');
    expect(caseIdFromPath('/cases/42')).toBe(42);
    expect(caseIdFromPath(casePath(7))).toBe(7);
  });

  test('other paths are their own key; malformed case paths match nothing', () => {
    expect(routeKey('/dispatch')).toBe('/dispatch');
    for (const path of ['/cases/', '/cases/0', '/cases/abc', '/cases/4/x', '/cases/-1']) {
      expect(routeKey(path)).toBe(path);
      expect(caseIdFromPath(path)).toBeNull();
    }
  });
});

test('a merchant page path falls under /merchants/:id and carries its id', () => {
  expect(routeKey('/merchants/12')).toBe('/merchants/:id');
  expect(merchantIdFromPath(merchantPath(12))).toBe(12);
  expect(routeKey('/merchants')).toBe('/merchants');
  expect(merchantIdFromPath('/merchants')).toBeNull();
  expect(merchantIdFromPath('/merchants/0')).toBeNull();
});

describe('navFor', () => {
  test('links each role to the desk pages it may open, none for a single-page role', async () => {
    const { navFor } = await import('./routes.ts');
    expect(navFor('admin')).toEqual(['/dispatch', '/desk', '/board', '/merchants', '/kpis', '/admin']);
    expect(navFor('supervisor')).toEqual(['/dispatch', '/desk', '/board', '/merchants', '/kpis']);
    expect(navFor('dispatcher')).toEqual(['/dispatch', '/merchants', '/kpis']);
    expect(navFor('intake_clerk')).toEqual(['/dispatch', '/desk', '/merchants']);
    expect(navFor('squad_member')).toEqual([]);
  });
});
