/**
 * Light clean-up of a Chinese free-text address before it is matched against
 * the gazetteer: full-width ASCII to half-width, no spaces.
 */
export function normalizeAddress(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000]+/g, '');
}

/**
 * Drops the province/city/district prefix every local address shares, so
 * that "郑州市惠济区天河路与…" splits on its roads. Gazetteer names keep theirs
 * (惠济区政府), so name matching uses the unstripped text.
 */
export function stripRegionPrefix(text: string): string {
  return text.replace(/^(河南省?)?(郑州市?)?(惠济区)?/, '');
}

/** "天河路与英才街交叉口东北角" → ["天河路", "英才街"]; undefined when not an intersection. */
export function splitIntersection(text: string): [string, string] | undefined {
  const match = /^(.+?[路街道巷])(?:与|和|跟|、|\/)(.+?[路街道巷])(?:交叉口|交汇处|交口|路口|十字路口|口)?/.exec(text);
  if (!match?.[1] || !match[2]) return undefined;
  return [match[1], match[2]];
}
