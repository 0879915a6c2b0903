/**
 * UI strings for the merchant kpis screens, merged into i18n.ts (Chinese first;
 * English keeps the same keys, which the i18n parity test checks).
 */
export const merchantKpisZh = {} satisfies Record<string, string>;

export const merchantKpisEn: Record<keyof typeof merchantKpisZh, string> = {};
