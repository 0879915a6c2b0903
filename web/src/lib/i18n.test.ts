import { afterEach, describe, expect, test } from 'vitest';
import { formatDistance, t, type MessageKey } from './i18n.ts';
import { locale, type Lang } from './locale.svelte.ts';
// The dictionaries are module-private; their keys are read from the source.
import source from './i18n.ts?raw';

afterEach(() => locale.set('zh'));

/** The keys of the object literal that starts at `const <name>`. */
function keysOf(name: string): string[] {
  const start = source.search(new RegExp(`^const ${name}\\b.*= \\{$`, 'm'));
  const end = source.indexOf('\n};', start);
  if (start < 0 || end < 0) throw new Error(`dictionary ${name} not found in i18n.ts`);
  return [...source.slice(start, end).matchAll(/^ {2}'([^']+)':/gm)].map((m) => m[1]!);
}

const zhKeys = keysOf('zh');
const enKeys = keysOf('en');

function inLang<T>(lang: Lang, read: () => T): T {
  locale.set(lang);
  return read();
}

const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();

describe('dictionaries', () => {
  test('were both found', () => {
    expect(zhKeys.length).toBeGreaterThan(50);
    expect(enKeys.length).toBeGreaterThan(50);
  });

  test('every Chinese key has an English text, and every English key a Chinese one', () => {
    expect(zhKeys.filter((key) => !enKeys.includes(key))).toEqual([]);
    expect(enKeys.filter((key) => !zhKeys.includes(key))).toEqual([]);
    expect(new Set(zhKeys).size).toBe(zhKeys.length);
  });

  test.each(zhKeys)('%s: non-empty in both languages, with the same placeholders', (key) => {
    const zh = inLang('zh', () => t(key as MessageKey));
    const en = inLang('en', () => t(key as MessageKey));

    expect(zh.trim()).not.toBe('');
    expect(en.trim()).not.toBe('');
    expect(placeholders(en)).toEqual(placeholders(zh));
  });
});

describe('t', () => {
  test('reads the current language', () => {
    expect(inLang('zh', () => t('cases.title'))).toBe('待处置案件');
    expect(inLang('en', () => t('cases.title'))).toBe('Open cases');
  });

  test('fills in named placeholders, numbers included', () => {
    expect(inLang('en', () => t('error.generic', { message: 'disk full' }))).toBe('Failed: disk full');
    expect(inLang('zh', () => t('squads.openCases', { n: 3 }))).toBe('在办 3');
    expect(inLang('en', () => t('squads.openCases', { n: 0 }))).toBe('0 open');
  });

  test('a value is inserted as is, even when it looks like a placeholder', () => {
    expect(inLang('en', () => t('assign.done', { squad: '{squad} $& $1' }))).toBe('Assigned to {squad} $& $1');
  });

  test('a placeholder without a value stays visible rather than vanishing', () => {
    expect(inLang('en', () => t('error.generic'))).toBe('Failed: {message}');
    expect(inLang('en', () => t('error.generic', { other: 'x' }))).toBe('Failed: {message}');
  });
});

describe('formatDistance', () => {
  test('metres below a kilometre, kilometres with one decimal below ten, whole kilometres above', () => {
    expect(inLang('en', () => formatDistance(849.6))).toBe('850 m');
    expect(inLang('en', () => formatDistance(1_234))).toBe('1.2 km');
    expect(inLang('en', () => formatDistance(12_345))).toBe('12 km');
    expect(inLang('zh', () => formatDistance(850))).toBe('850 米');
    expect(inLang('zh', () => formatDistance(2_500))).toBe('2.5 公里');
  });
});
