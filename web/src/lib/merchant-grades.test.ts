import { afterEach, describe, expect, test } from 'vitest';
import { MERCHANT_GRADES } from '@civic/shared';
import { locale } from './locale.svelte.ts';
import {
  defaultViolationType,
  GRADE_COLORS,
  GRADE_TEXT_COLORS,
  gradeDescription,
  gradeName,
} from './merchant-grades.ts';

afterEach(() => locale.set('zh'));

/** WCAG relative luminance of #rrggbb. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
const contrast = (a: string, b: string): number => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
};

describe('grade colours', () => {
  test('four distinct colours, each with text readable on it', () => {
    expect(new Set(MERCHANT_GRADES.map((g) => GRADE_COLORS[g])).size).toBe(4);
    for (const grade of MERCHANT_GRADES) {
      // WCAG AA for the chips' bold small text (3:1 is the large/bold threshold; aim higher).
      expect(contrast(GRADE_COLORS[grade], GRADE_TEXT_COLORS[grade])).toBeGreaterThanOrEqual(4.5);
    }
  });

  test('each grade is named in words, not only by colour', () => {
    expect(MERCHANT_GRADES.map(gradeName)).toEqual(['蓝', '黄', '橙', '红']);
    expect(gradeDescription('yellow')).toBe('黄色（首次违规，警告）');
    locale.set('en');
    expect(gradeDescription('red')).toBe('Red (repeated, not corrected: tools confiscated)');
  });
});

describe('defaultViolationType', () => {
  test('the case’s category when the rules count it, else nothing chosen', () => {
    expect(defaultViolationType('0202', ['0201', '0202'])).toBe('0202');
    expect(defaultViolationType('0105', ['0201', '0202'])).toBe('');
    expect(defaultViolationType(null, ['0201'])).toBe('');
  });
});
