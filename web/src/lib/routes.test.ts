import { describe, expect, test } from 'vitest';
import { caseIdFromPath, casePath, routeKey } from './routes.ts';

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

describe('navFor', () => {
  test('links each role to the desk pages it may open, none for a single-page role', async () => {
    const { navFor } = await import('./routes.ts');
    expect(navFor('admin')).toEqual(['/dispatch', '/desk', '/board', '/kpis', '/admin']);
    expect(navFor('supervisor')).toEqual(['/dispatch', '/desk', '/board', '/kpis']);
    expect(navFor('dispatcher')).toEqual(['/dispatch', '/kpis']);
    expect(navFor('intake_clerk')).toEqual(['/dispatch', '/desk']);
    expect(navFor('squad_member')).toEqual([]);
  });
});
