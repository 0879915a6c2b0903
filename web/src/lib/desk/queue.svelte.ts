/**
 * The needs-location queue: open cases nobody has placed yet (neither a point
 * nor a confident gazetteer match), and placing one of them from the desk.
 * The list is read from the live DispatchState, so it follows every filing
 * and placing in the district without polling.
 */
import type { CaseDto, CaseStatus, LngLat } from '@civic/shared';
import { api, ApiRequestError } from '../api.ts';
import { describeError } from '../errors.ts';
import { t } from '../i18n.ts';
import type { DispatchState } from '../state/dispatch-state.svelte.ts';
import { AddressLookup, DEFAULT_THRESHOLD } from './address-lookup.svelte.ts';
import { deskApi, type GeocodeAnswer, type GeocodeResult } from './desk-api.ts';
import { movedPin, pinFromSuggestion, pinState, type DeskPin, type PinState } from './placement.ts';

/** The server places a case by hand only before dispatch (CaseService.locate). */
export const PLACEABLE_STATUSES: readonly CaseStatus[] = ['received', 'registered', 'returned'];

/** Cases waiting for a person to place them, oldest first: first come, first placed. */
export function needsLocationQueue(cases: Iterable<CaseDto>): CaseDto[] {
  return [...cases]
    .filter((c) => c.needsLocation && c.location === null && PLACEABLE_STATUSES.includes(c.status))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id - b.id);
}

export interface QueueMessage {
  caseNo: string;
  ok: boolean;
  /** A function, so the text follows a language switch. */
  text: () => string;
}

export interface QueueDeps {
  geocode: (q: string) => Promise<GeocodeAnswer>;
  locate: (caseId: number, point: LngLat) => Promise<CaseDto>;
  getCase: (caseId: number) => Promise<CaseDto>;
}

const defaultDeps: QueueDeps = {
  geocode: (q) => deskApi.geocode(q),
  locate: (caseId, point) => api.locate(caseId, point),
  getCase: (caseId) => api.getCase(caseId),
};

export class QueuePlacer {
  /** The queued case being placed, or null. */
  item = $state.raw<CaseDto | null>(null);
  pin = $state.raw<DeskPin | null>(null);
  threshold = $state(DEFAULT_THRESHOLD);
  saving = $state(false);
  message = $state.raw<QueueMessage | null>(null);

  readonly address: AddressLookup;
  readonly #live: DispatchState;
  readonly #deps: QueueDeps;

  pinState = $derived<PinState>(pinState(this.pin, this.threshold));

  constructor(live: DispatchState, deps: QueueDeps = defaultDeps) {
    this.#live = live;
    this.#deps = deps;
    this.address = new AddressLookup(deps.geocode);
  }

  get active(): boolean {
    return this.item !== null;
  }

  /** Opens a queued case: its address goes straight to the geocoder. */
  start(item: CaseDto): void {
    this.item = item;
    this.pin = null;
    this.threshold = DEFAULT_THRESHOLD;
    this.message = null;
    if (item.address) this.address.lookUp(item.address);
    else this.address.reset();
  }

  cancel(): void {
    this.item = null;
    this.pin = null;
    this.address.reset();
  }

  typeAddress(text: string): void {
    this.address.type(text);
    if (this.pin?.origin === 'geocoder') this.pin = null;
  }

  chooseSuggestion(index?: number): GeocodeResult | null {
    const result = index === undefined ? this.address.pick() : this.address.choose(index);
    if (!result) return null;
    this.pin = pinFromSuggestion(result);
    this.threshold = this.address.threshold;
    return result;
  }

  movePin(point: LngLat): void {
    if (this.item) this.pin = movedPin(this.pin, point);
  }

  /**
   * Someone else placed it, or it was dispatched or closed meanwhile: it has
   * left the queue under the clerk's hands. Says so and stops.
   */
  leftQueue(current: CaseDto): void {
    if (this.item?.id !== current.id || this.saving) return;
    this.message = { caseNo: current.caseNo, ok: false, text: () => t('desk.queue.goneElsewhere') };
    this.cancel();
  }

  /** PUT /api/cases/:id/location with the pin. Whoever confirms is the person placing it. */
  async confirm(): Promise<CaseDto | null> {
    const item = this.item;
    const pin = this.pin;
    if (!item || !pin || this.saving) return null;
    this.saving = true;
    this.message = null;
    try {
      const placed = await this.#deps.locate(item.id, pin.point);
      this.#live.applyCase(placed);
      this.message = { caseNo: placed.caseNo, ok: true, text: () => t('desk.queue.placed', { caseNo: placed.caseNo }) };
      if (this.item?.id === item.id) this.cancel();
      return placed;
    } catch (error) {
      if (error instanceof ApiRequestError && error.status === 409) {
        // Dispatched meanwhile: it cannot be placed from here any more.
        this.message = { caseNo: item.caseNo, ok: false, text: () => t('locate.tooLate', { message: error.message }) };
        if (this.item?.id === item.id) this.cancel();
        this.#deps.getCase(item.id).then(
          (fresh) => this.#live.applyCase(fresh),
          () => {},
        );
      } else {
        this.message = { caseNo: item.caseNo, ok: false, text: () => describeError(error) };
      }
      return null;
    } finally {
      this.saving = false;
    }
  }

  dispose(): void {
    this.address.dispose();
  }
}
