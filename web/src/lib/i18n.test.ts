import { afterEach, describe, expect, test } from 'vitest';
import { formatAge, formatDistance, messages, t, type MessageKey } from './i18n.ts';
import { locale, type Lang } from './locale.svelte.ts';

afterEach(() => locale.set('zh'));

// `en` is typed Record<MessageKey, string>, so the compiler already rejects a
// missing or extra English key; these tests guard what types cannot see.
const keys = Object.keys(messages.zh) as MessageKey[];

function inLang<T>(lang: Lang, read: () => T): T {
  locale.set(lang);
  return read();
}

const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();

describe('dictionaries', () => {
  test('have the same keys', () => {
    expect(Object.keys(messages.en).sort()).toEqual([...keys].sort());
  });

  test.each(keys)('%s: non-empty in both languages, with the same placeholders', (key) => {
    const zh = inLang('zh', () => t(key));
    const en = inLang('en', () => t(key));

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

  test('switches unit on the rounded figure', () => {
    expect(inLang('en', () => formatDistance(999.6))).toBe('1.0 km');
    expect(inLang('en', () => formatDistance(9_960))).toBe('10 km');
  });
});

describe('formatAge', () => {
  test('seconds below a minute, whole minutes above', () => {
    expect(inLang('zh', () => formatAge(44.6))).toBe('45 秒');
    expect(inLang('en', () => formatAge(200))).toBe('3 min');
    expect(inLang('en', () => formatAge(-3))).toBe('0 s');
  });
});
