import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import type { CategorySuggestion } from '@civic/shared';
import type { Queryable } from '../../db/pool.ts';
import { STANDARD_CATEGORIES } from './standard-catalogue.ts';

const KEYWORDS = new Map(STANDARD_CATEGORIES.map((c) => [c.code, c.keywords ?? []]));

// Loading the dictionary takes a moment and some memory: once, on first use.
let jieba: Jieba | undefined;
const tokens = (text: string) => new Set((jieba ??= Jieba.withDict(dict)).cut(text, false));

/**
 * Suggests a 小类 for a complaint's description, for the clerk or
 * dispatcher to confirm. Each category's name and keywords are looked for in
 * the text: longer words are stronger evidence, earlier keywords in the
 * catalogue's list count more, and a one-character word (坑, 吵) counts only
 * when word segmentation finds it standing alone, not inside another word.
 */
export async function suggestCategories(db: Queryable, text: string, limit = 3): Promise<CategorySuggestion[]> {
  const clean = text.replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
  if (clean.trim().length === 0) return [];
  const { rows } = await db.query<{ code: string; name: string }>(
    'SELECT code, name FROM categories WHERE active AND parent_code IS NOT NULL ORDER BY code',
  );
  let words: Set<string> | undefined;
  const found = (word: string) => (word.length > 1 ? clean.includes(word) : (words ??= tokens(clean)).has(word));

  const scored = rows.map((category) => {
    const keywords = KEYWORDS.get(category.code) ?? [];
    const matched: string[] = [];
    let score = 0;
    if (found(category.name)) {
      score += 2 * category.name.length;
      matched.push(category.name);
    }
    keywords.forEach((word, index) => {
      if (word === category.name || !found(word)) return;
      // The first keyword weighs 1, the last about 0.6.
      score += word.length * (1 - (0.4 * index) / Math.max(1, keywords.length - 1));
      matched.push(word);
    });
    return { code: category.code, name: category.name, score, matched };
  });
  const hits = scored.filter((s) => s.score > 0).sort((a, b) => b.score - a.score);
  const total = hits.reduce((sum, s) => sum + s.score, 0);
  return hits.slice(0, limit).map(({ code, name, score, matched }) => ({
    code,
    name,
    confidence: Number((score / total).toFixed(2)),
    matched,
  }));
}
