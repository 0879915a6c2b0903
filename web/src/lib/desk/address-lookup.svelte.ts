/**
 * The address field's suggestions: the geocoder asked as the clerk types
 * (debounced, stale answers dropped, see LatestQuery), and a list walked with
 * the arrow keys and chosen with Enter.
 */
import { deskApi, type GeocodeAnswer, type GeocodeResult } from './desk-api.ts';
import { LatestQuery } from './latest-query.svelte.ts';

/** Used until the server has said its own (GeocodeAnswer.threshold). */
export const DEFAULT_THRESHOLD = 0.6;
export const ADDRESS_DEBOUNCE_MS = 150;

export class AddressLookup {
  text = $state('');
  /** Whether the suggestion list is showing. */
  open = $state(false);

  readonly query: LatestQuery<GeocodeAnswer>;

  /** The highlighted row, and the answer it was highlighted in: a newer answer starts unhighlighted. */
  #active = $state.raw<{ index: number; answer: GeocodeAnswer | null }>({ index: -1, answer: null });

  constructor(
    geocode: (q: string) => Promise<GeocodeAnswer> = (q) => deskApi.geocode(q),
    delayMs = ADDRESS_DEBOUNCE_MS,
  ) {
    this.query = new LatestQuery(geocode, { delayMs });
  }

  /** The latest answer's suggestions, best first. */
  get results(): readonly GeocodeResult[] {
    return this.query.answer?.results ?? [];
  }

  get threshold(): number {
    return this.query.answer?.threshold ?? DEFAULT_THRESHOLD;
  }

  /** The highlighted row, -1 for none. */
  get active(): number {
    return this.#active.answer === this.query.answer ? this.#active.index : -1;
  }

  /** The clerk typed: ask again after the pause, list open. */
  type(text: string): void {
    this.text = text;
    this.open = true;
    this.#highlight(-1);
    this.query.input(text);
  }

  /** Put a text in and ask straight away (a queued case's address). */
  lookUp(text: string): void {
    this.text = text;
    this.open = true;
    this.#highlight(-1);
    this.query.now(text);
  }

  /** ArrowDown (+1) / ArrowUp (-1), wrapping; reopens a closed list. */
  move(delta: 1 | -1): void {
    const count = this.results.length;
    if (count === 0) return;
    if (!this.open) {
      this.open = true;
      this.#highlight(delta === 1 ? 0 : count - 1);
      return;
    }
    const from = this.active;
    const next = from === -1 ? (delta === 1 ? 0 : count - 1) : (from + delta + count) % count;
    this.#highlight(next);
  }

  /**
   * Enter: the highlighted suggestion, or the first when none is (the fast
   * path: type, Enter). Null when there is nothing to choose; the list closes
   * on a choice.
   */
  pick(): GeocodeResult | null {
    if (!this.open) return null;
    return this.choose(this.active === -1 ? 0 : this.active);
  }

  choose(index: number): GeocodeResult | null {
    const result = this.results[index] ?? null;
    if (result) this.close();
    return result;
  }

  /** Whether `result` is the geocoder's own best answer for exactly the text in the field. */
  isBestFor(result: GeocodeResult, text: string = this.text): boolean {
    return this.results[0] === result && this.query.answeredFor === text.trim();
  }

  close(): void {
    this.open = false;
    this.#highlight(-1);
  }

  reset(): void {
    this.text = '';
    this.query.clear();
    this.close();
  }

  dispose(): void {
    this.query.dispose();
  }

  #highlight(index: number): void {
    this.#active = { index, answer: this.query.answer };
  }
}
