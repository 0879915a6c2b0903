/**
 * Placing a case by hand: the wall screen is either idle or waiting for one
 * map click for one case. The panel starts and shows the outcome, the map
 * reports the click, the banner and Esc cancel. The server allows it only
 * while the case is 'received' (before a squad is on its way).
 */
import type { LngLat } from '@civic/shared';
import { api, ApiRequestError } from '../api.ts';
import { describeError } from '../errors.ts';
import { t } from '../i18n.ts';
import type { DispatchState } from './dispatch-state.svelte.ts';

export interface PlacingMessage {
  caseId: number;
  ok: boolean;
  /** A function, so that the message follows a language switch. */
  text: () => string;
}

export class PlacingMode {
  /** The case waiting for a map click, or null when not placing. */
  caseId = $state<number | null>(null);
  saving = $state(false);
  /** Outcome of the last attempt, shown in that case's panel. */
  message = $state.raw<PlacingMessage | null>(null);

  readonly #live: DispatchState;

  constructor(live: DispatchState) {
    this.#live = live;
  }

  get active(): boolean {
    return this.caseId !== null;
  }

  start(caseId: number): void {
    this.caseId = caseId;
    this.message = null;
  }

  /** Leaves placing mode; the last outcome stays shown. */
  cancel(): void {
    this.caseId = null;
  }

  /** Leaves placing mode and forgets the outcome (the panel closed or shows another case). */
  reset(): void {
    this.caseId = null;
    this.message = null;
  }

  /** A click outside the district: say so and keep waiting for a better one. */
  reject(text: () => string): void {
    if (this.caseId !== null) this.message = { caseId: this.caseId, ok: false, text };
  }

  async place(point: LngLat): Promise<void> {
    const caseId = this.caseId;
    if (caseId === null || this.saving) return;
    const wasPlaced = this.#live.cases.get(caseId)?.location != null;
    this.saving = true;
    this.message = null;
    try {
      this.#live.applyCase(await api.locate(caseId, point));
      this.message = { caseId, ok: true, text: () => t(wasPlaced ? 'locate.moved' : 'locate.placed') };
      if (this.caseId === caseId) this.caseId = null;
    } catch (error) {
      if (error instanceof ApiRequestError && error.status === 409) {
        // Dispatched meanwhile: placing is over for this case; show what the server holds.
        this.message = { caseId, ok: false, text: () => t('locate.tooLate', { message: error.message }) };
        if (this.caseId === caseId) this.caseId = null;
        api.getCase(caseId).then(
          (fresh) => this.#live.applyCase(fresh),
          () => {},
        );
      } else {
        // Stay in placing mode: another click retries.
        this.message = { caseId, ok: false, text: () => describeError(error) };
      }
    } finally {
      this.saving = false;
    }
  }
}
