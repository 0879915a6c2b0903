/**
 * The clerk's intake form as state: what has been typed, the pin, the
 * suggested categories, and filing. The components only bind to it and turn
 * keys into calls, so that every rule here is tested without a DOM.
 */
import type { CaseDto, CreateCaseBody, LngLat } from '@civic/shared';
import { AddressLookup, DEFAULT_THRESHOLD } from './address-lookup.svelte.ts';
import { deskApi, type CategorySuggestion, type GeocodeAnswer, type GeocodeResult } from './desk-api.ts';
import { LatestQuery } from './latest-query.svelte.ts';
import { movedPin, pinFromSuggestion, pinState, placementFor, type DeskPin, type PinState } from './placement.ts';
import type { DeskChannel } from './shortcuts.ts';

/** Category suggestions wait a little longer than addresses: a description is long and the answer less urgent. */
export const CATEGORY_DEBOUNCE_MS = 300;
/** Fewer characters than this say too little to suggest a category from. */
const CATEGORY_MIN_CHARS = 2;
const PHONE_PATTERN = /^[0-9+\- ]{5,20}$/;

/** What stops a filing; each names the field to go back to. */
export type IntakeProblem = 'description' | 'place' | 'phone';

export interface IntakeDeps {
  geocode: (q: string) => Promise<GeocodeAnswer>;
  suggestCategories: (text: string) => Promise<CategorySuggestion[]>;
  fileCase: (body: CreateCaseBody) => Promise<CaseDto>;
  addressDelayMs?: number;
  categoryDelayMs?: number;
}

const defaultDeps: IntakeDeps = {
  geocode: (q) => deskApi.geocode(q),
  suggestCategories: (text) => deskApi.suggestCategories(text),
  fileCase: (body) => deskApi.fileCase(body),
};

/** Full-width digits and signs (an IME's ０１３８) as ASCII; the server takes ASCII only. */
export function normalizePhone(phone: string): string {
  return phone
    .replace(/[\uFF0B\uFF0D\uFF10-\uFF19\u3000]/g, (ch) =>
      ch === '\u3000' ? ' ' : String.fromCharCode(ch.charCodeAt(0) - 0xfee0),
    )
    .trim();
}

export class IntakeForm {
  /** Kept from one filing to the next: a clerk works through a pile of letters, or a run of calls. */
  channel = $state<DeskChannel>('hotline');
  name = $state('');
  phone = $state('');
  description = $state('');
  /** '' for none. */
  categoryCode = $state('');
  /** The suggestion the clerk accepted, if the category came from one. */
  acceptedSuggestion = $state<string | null>(null);
  /** null: the category's own priority. */
  priority = $state<number | null>(null);
  pin = $state.raw<DeskPin | null>(null);
  /** The threshold of the answer the pin came from. */
  threshold = $state(DEFAULT_THRESHOLD);
  filing = $state(false);
  problems = $state.raw<readonly IntakeProblem[]>([]);
  /** The last filing's error, shown until the next attempt. */
  failure = $state.raw<unknown>(null);
  /** The case filed last, for the receipt. */
  filed = $state.raw<CaseDto | null>(null);

  readonly address: AddressLookup;
  readonly categories: LatestQuery<CategorySuggestion[]>;
  readonly #fileCase: IntakeDeps['fileCase'];
  /** Whether the pin is the geocoder's best answer for the text as it stands. */
  #pinIsBest = false;

  pinState = $derived<PinState>(pinState(this.pin, this.threshold));

  get suggestions(): readonly CategorySuggestion[] {
    return this.categories.answer ?? [];
  }

  constructor(deps: IntakeDeps = defaultDeps) {
    this.address = new AddressLookup(deps.geocode, deps.addressDelayMs);
    this.categories = new LatestQuery(deps.suggestCategories, {
      delayMs: deps.categoryDelayMs ?? CATEGORY_DEBOUNCE_MS,
      minLength: CATEGORY_MIN_CHARS,
    });
    this.#fileCase = deps.fileCase;
  }

  /**
   * The address text changed. A pin from a suggestion belonged to the old
   * text and goes; a pin placed by hand stays (the person put it there).
   */
  typeAddress(text: string): void {
    this.address.type(text);
    if (this.pin?.origin === 'geocoder') this.pin = null;
    this.#pinIsBest = false;
    this.#clearProblem('place');
  }

  /** Enter in the address field (no index), or a click on a suggestion. */
  chooseSuggestion(index?: number): GeocodeResult | null {
    const result = index === undefined ? this.address.pick() : this.address.choose(index);
    if (!result) return null;
    this.pin = pinFromSuggestion(result);
    this.threshold = this.address.threshold;
    this.#pinIsBest = this.address.isBestFor(result);
    this.#clearProblem('place');
    return result;
  }

  /** Dragged, nudged, or the map clicked. */
  movePin(point: LngLat): void {
    this.pin = movedPin(this.pin, point);
    this.#clearProblem('place');
  }

  /** "请确认位置" answered yes. Only a doubtful pin needs it. */
  confirmPin(): boolean {
    if (!this.pin || this.pinState !== 'unsure') return false;
    this.pin = { ...this.pin, confirmed: true };
    return true;
  }

  typeDescription(text: string): void {
    this.description = text;
    this.categories.input(text);
    if (text.trim()) this.#clearProblem('description');
  }

  /** The chip: take a suggested category (the first when no code is given). */
  acceptSuggestion(code?: string): CategorySuggestion | null {
    const suggestion = code === undefined ? this.suggestions[0] : this.suggestions.find((s) => s.code === code);
    if (!suggestion) return null;
    this.categoryCode = suggestion.code;
    this.acceptedSuggestion = suggestion.code;
    return suggestion;
  }

  /** The full picker. */
  pickCategory(code: string): void {
    this.categoryCode = code;
    this.acceptedSuggestion = null;
  }

  typePhone(text: string): void {
    this.phone = text;
    this.#clearProblem('phone');
  }

  check(): IntakeProblem[] {
    const problems: IntakeProblem[] = [];
    if (!this.description.trim()) problems.push('description');
    if (!this.address.text.trim() && !this.pin) problems.push('place');
    const phone = normalizePhone(this.phone);
    if (phone && !PHONE_PATTERN.test(phone)) problems.push('phone');
    return problems;
  }

  body(): CreateCaseBody {
    const name = this.name.trim();
    const phone = normalizePhone(this.phone);
    return {
      channel: this.channel,
      description: this.description.trim(),
      ...(this.categoryCode ? { categoryCode: this.categoryCode } : {}),
      ...placementFor(this.address.text, this.pin, this.threshold, this.#pinIsBest),
      ...(this.priority !== null ? { priority: this.priority } : {}),
      ...(name ? { complainantName: name } : {}),
      ...(phone ? { complainantPhone: phone } : {}),
    };
  }

  /** Files the case; on success the form clears (the channel stays) and `filed` holds the receipt. */
  async file(): Promise<CaseDto | null> {
    if (this.filing) return null;
    this.problems = this.check();
    if (this.problems.length > 0) return null;
    this.filing = true;
    this.failure = null;
    try {
      const filed = await this.#fileCase(this.body());
      this.filed = filed;
      this.reset();
      return filed;
    } catch (error) {
      this.failure = error;
      return null;
    } finally {
      this.filing = false;
    }
  }

  /** Empties the form for the next complaint; the channel and the last receipt stay. */
  reset(): void {
    this.name = '';
    this.phone = '';
    this.description = '';
    this.categoryCode = '';
    this.acceptedSuggestion = null;
    this.priority = null;
    this.pin = null;
    this.threshold = DEFAULT_THRESHOLD;
    this.#pinIsBest = false;
    this.problems = [];
    this.failure = null;
    this.address.reset();
    this.categories.clear();
  }

  dispose(): void {
    this.address.dispose();
    this.categories.dispose();
  }

  #clearProblem(problem: IntakeProblem): void {
    if (this.problems.includes(problem)) this.problems = this.problems.filter((p) => p !== problem);
  }
}
