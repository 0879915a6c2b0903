/**
 * A squad phone's position reporting: watches the device's position while the
 * squad is on duty and sends it over the socket, throttled by
 * `position-throttle.ts`. A first version: a fix that could not be delivered
 * is retried (at the next slot, or on reconnect), but nothing is queued
 * beyond the latest fix.
 */
import type { PositionFix } from '@civic/shared';
import { sendDelay, type SentReport } from './position-throttle.ts';

/**
 * What the phone shows about its position: `waiting` for a first report,
 * `reporting` once one was acknowledged, `denied` when the user refused
 * location access, `unavailable` when the device or browser cannot locate,
 * `off` while the squad is not on duty (nothing is watched).
 */
export type GpsState = 'waiting' | 'reporting' | 'denied' | 'unavailable' | 'off';

/**
 * What became of one report: `delivered` (acknowledged), `offline` (not sent:
 * no connection), `failed` (sent, but refused or not acknowledged in time).
 */
export type SendResult = 'delivered' | 'offline' | 'failed';
export type SendPosition = (position: PositionFix) => Promise<SendResult>;

export class PositionReporter {
  state = $state<GpsState>('off');
  /** Local time (ms) of the last acknowledged report, for "reported at". */
  reportedAt = $state<number | null>(null);

  readonly #send: SendPosition;
  readonly #geolocation: Geolocation | null;
  #watchId: number | null = null;
  /** The latest fix not sent yet; a newer fix replaces it. */
  #held: PositionFix | null = null;
  #lastAttemptAt: number | null = null;
  #lastSent: SentReport | null = null;
  #inFlight = false;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(send: SendPosition, geolocation: Geolocation | null = browserGeolocation()) {
    this.#send = send;
    this.#geolocation = geolocation;
  }

  /** Starts watching; the first fix is sent at once. Idempotent. */
  start(): void {
    if (this.#watchId !== null) return;
    if (!this.#geolocation) {
      this.state = 'unavailable';
      return;
    }
    this.state = 'waiting';
    // A new duty spell: its first fix goes out at once (within the 10 s limit),
    // and "reported" means reported in this spell.
    this.#lastSent = null;
    this.reportedAt = null;
    this.#watchId = this.#geolocation.watchPosition(
      (fix) => this.#onFix(fix),
      (error) => this.#onError(error),
      { enableHighAccuracy: true },
    );
  }

  /** Sends the held fix if one is waiting for the connection; call when the socket is back online. */
  resume(): void {
    this.#pump();
  }

  /** Stops watching and drops the fix not sent yet. */
  stop(): void {
    this.#clearWatch();
    this.#held = null;
    clearTimeout(this.#timer);
    this.state = 'off';
  }

  #clearWatch(): void {
    if (this.#watchId !== null) this.#geolocation?.clearWatch(this.#watchId);
    this.#watchId = null;
  }

  #onFix(fix: GeolocationPosition): void {
    if (this.#watchId === null) return;
    // The Geolocation API reports WGS-84, the datum the server stores (SRID
    // 4326), so no conversion: only fixes from Chinese map SDKs (GCJ-02,
    // BD-09) would need one.
    // The fix's own time and accuracy go with it: the server keeps the newest
    // fix, not the last to arrive, and measures its age (see PositionFix).
    this.#held = {
      lng: fix.coords.longitude,
      lat: fix.coords.latitude,
      ...(Number.isFinite(fix.timestamp) ? { at: new Date(fix.timestamp).toISOString() } : {}),
      ...(Number.isFinite(fix.coords.accuracy) ? { accuracyM: Math.min(fix.coords.accuracy, 100_000) } : {}),
    };
    if (this.state === 'unavailable') this.state = this.reportedAt === null ? 'waiting' : 'reporting';
    this.#pump();
  }

  #onError(error: GeolocationPositionError): void {
    if (this.#watchId === null) return;
    if (error.code === error.PERMISSION_DENIED) {
      // The browser will not ask again; watching on is pointless until the view is reopened.
      this.#clearWatch();
      this.#held = null;
      clearTimeout(this.#timer);
      this.state = 'denied';
    } else {
      // No fix right now (no signal, timeout); the watch goes on and the next fix clears this.
      this.state = 'unavailable';
    }
  }

  /** Sends the held fix if the policy allows now, or sets a timer for when it will. */
  #pump(): void {
    clearTimeout(this.#timer);
    const fix = this.#held;
    if (this.#inFlight || fix === null || this.#watchId === null) return;
    const now = Date.now();
    const delay = sendDelay(fix, now, this.#lastAttemptAt, this.#lastSent);
    if (delay > 0) {
      this.#timer = setTimeout(() => this.#pump(), delay);
      return;
    }
    this.#held = null;
    this.#inFlight = true;
    const previousAttemptAt = this.#lastAttemptAt;
    this.#lastAttemptAt = now;
    void this.#send({ ...fix, sentAt: new Date(now).toISOString() })
      .catch((): SendResult => 'failed')
      .then((result) => {
        this.#inFlight = false;
        if (this.#watchId === null) return;
        if (result === 'delivered') {
          this.#lastSent = { position: fix, at: now };
          this.reportedAt = Date.now();
          if (this.state === 'waiting') this.state = 'reporting';
          this.#pump();
          return;
        }
        // Kept for a retry unless a newer fix came in meanwhile.
        this.#held ??= fix;
        if (result === 'failed') {
          this.#pump(); // at the next slot
        } else {
          // Nothing went out, so the slot is not used up; resume() sends it on reconnect.
          this.#lastAttemptAt = previousAttemptAt;
        }
      });
  }
}

/** The browser's geolocation, or null where it cannot work (unsupported, or an insecure origin). */
function browserGeolocation(): Geolocation | null {
  if (typeof navigator === 'undefined' || !('geolocation' in navigator)) return null;
  return window.isSecureContext ? navigator.geolocation : null;
}
