/**
 * UI strings for the merchant registry's import and export, merged into
 * i18n.ts (Chinese first; English keeps the same keys, which the i18n parity
 * test checks).
 */
export const merchantImportZh = {} satisfies Record<string, string>;

export const merchantImportEn: Record<keyof typeof merchantImportZh, string> = {};
