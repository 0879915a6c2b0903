/**
 * UI strings for 一卡四色 grading: the grade rules form and how a case's
 * history tells a merchant link and a confirmed violation. Merged into
 * i18n.ts (Chinese first; English keeps the same keys, which the i18n parity
 * test checks).
 */
export const merchantsGradingZh = {
  'grading.rules.heading': '一卡四色评级规则',
  'grading.rules.explain':
    '首次确认违规为黄色；同一违规在有效期内达到“橙色次数”为橙色，达到“红色次数”为红色。评级不会因违规而降低；新规则只对此后认定的违规生效。',
  'grading.rules.violationTypes': '计为商户违规的案件类别',
  'grading.rules.violationTypesHint': '选中大类即包含其全部小类',
  'grading.rules.sameViolation': '“同一违规”指',
  'grading.rules.sameType': '同一类别的违规',
  'grading.rules.any': '任意违规',
  'grading.rules.recordWindowDays': '违规记录有效期（天）',
  'grading.rules.orangeAt': '升为橙色的违规次数',
  'grading.rules.redAt': '升为红色的违规次数',
  'grading.rules.stepBack': '无违规满一定天数后降一级（红→橙→黄→蓝）',
  'grading.rules.cleanDays': '无违规天数',
  'grading.rules.numberInvalid': '请输入范围内的整数',
  'grading.rules.redAfterOrange': '红色次数须大于橙色次数',
  'grading.rules.typesRequired': '至少选择一个类别',
  'grading.timeline.merchant': '商户',
  'grading.timeline.unlinked': '已取消关联',
  'grading.timeline.violation': '违规认定',
  'grading.timeline.confirmed': '确认违规（{type}），评级 {from} → {to}',
  'grading.timeline.confirmedKept': '确认违规（{type}），评级仍为 {grade}',
  'grading.timeline.notConfirmed': '未认定违规',
} satisfies Record<string, string>;

export const merchantsGradingEn: Record<keyof typeof merchantsGradingZh, string> = {
  'grading.rules.heading': 'One card, four colours: grade rules',
  'grading.rules.explain':
    'A first confirmed violation makes a merchant yellow; the same violation within the record window reaching the orange count makes it orange, the red count red. A violation never lowers a grade; new rules apply to violations confirmed from now on.',
  'grading.rules.violationTypes': 'Case categories that count as merchant violations',
  'grading.rules.violationTypesHint': 'A main category takes in all its subcategories',
  'grading.rules.sameViolation': '"The same violation" means',
  'grading.rules.sameType': 'a violation of the same category',
  'grading.rules.any': 'any violation',
  'grading.rules.recordWindowDays': 'A violation counts for (days)',
  'grading.rules.orangeAt': 'Violations that make orange',
  'grading.rules.redAt': 'Violations that make red',
  'grading.rules.stepBack': 'Step back one colour after a clean period (red → orange → yellow → blue)',
  'grading.rules.cleanDays': 'Clean days',
  'grading.rules.numberInvalid': 'Enter a whole number within range',
  'grading.rules.redAfterOrange': 'The red count must be greater than the orange count',
  'grading.rules.typesRequired': 'Choose at least one category',
  'grading.timeline.merchant': 'Merchant',
  'grading.timeline.unlinked': 'Unlinked',
  'grading.timeline.violation': 'Violation',
  'grading.timeline.confirmed': 'Confirmed ({type}), grade {from} → {to}',
  'grading.timeline.confirmedKept': 'Confirmed ({type}), grade stays {grade}',
  'grading.timeline.notConfirmed': 'Not confirmed',
};
