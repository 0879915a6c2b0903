/**
 * The one place for how a grade of 一卡四色 looks and reads: its colour (map
 * circles, chips, the legend), the text drawn on it, and its name and meaning,
 * so a grade is never told by colour alone.
 */
import type { GradeChangeReason, MerchantGrade, MerchantKind } from '@civic/shared';
import { t } from './i18n.ts';

/** Blue, yellow, orange, red as the bureau's cards print them, dark enough to read on the wall. */
export const GRADE_COLORS: Record<MerchantGrade, string> = {
  blue: '#1e6fd9',
  yellow: '#f5c400',
  orange: '#f0780a',
  red: '#d62828',
};

/** Yellow and orange carry dark text; white on them would fail the contrast check. */
export const GRADE_TEXT_COLORS: Record<MerchantGrade, string> = {
  blue: '#ffffff',
  yellow: '#1b2733',
  orange: '#1b2733',
  red: '#ffffff',
};

/** 蓝 / Blue. */
export function gradeName(grade: MerchantGrade): string {
  return t(`merchants.grade.${grade}`);
}

/** What the grade means for the merchant: 无违规记录, 首次违规·警告 … */
export function gradeMeaning(grade: MerchantGrade): string {
  return t(`merchants.gradeMeaning.${grade}`);
}

/** The chip's accessible name: "蓝色（无违规记录）". */
export function gradeDescription(grade: MerchantGrade): string {
  return t('merchants.gradeDescription', { name: gradeName(grade), meaning: gradeMeaning(grade) });
}

export function kindName(kind: MerchantKind): string {
  return t(`merchants.kind.${kind}`);
}

export function reasonName(reason: GradeChangeReason): string {
  return t(`merchants.reason.${reason}`);
}

/**
 * The violation type a closing form starts with: the case's own category when
 * the rules count it as a merchant violation, else none, so that a category
 * outside the rules is a deliberate choice, never a silent default.
 */
export function defaultViolationType(categoryCode: string | null, violationTypes: readonly string[]): string {
  return categoryCode !== null && violationTypes.includes(categoryCode) ? categoryCode : '';
}
