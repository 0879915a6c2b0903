/**
 * UI strings for the zones screens, merged into i18n.ts (Chinese first;
 * English keeps the same keys, which the i18n parity test checks).
 */
export const zonesZh = {} satisfies Record<string, string>;

export const zonesEn: Record<keyof typeof zonesZh, string> = {};
