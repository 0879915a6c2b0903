/**
 * UI strings for the merchants screens, merged into i18n.ts (Chinese first;
 * English keeps the same keys, which the i18n parity test checks).
 */
export const merchantsZh = {} satisfies Record<string, string>;

export const merchantsEn: Record<keyof typeof merchantsZh, string> = {};
