/**
 * Replaying one squad's track on the wall screen: which squad, which period,
 * the loaded points and the replay clock. The panel (TrackReplay.svelte)
 * drives it; the map layer (TrackLayer.svelte) draws it.
 */
import type { LngLat } from '@civic/shared';
import { ApiRequestError } from '../api.ts';
import { t } from '../i18n.ts';
import { fetchSquadTrack, positionAt, trackPoints, type TrackPoints } from './track.ts';

/** Replay speeds offered: track time per wall-clock second. */
export const REPLAY_SPEEDS = [10, 60, 300, 900] as const;
/** How often the replay clock moves the marker while playing. */
const TICK_MS = 100;

export interface ReplaySquad {
  id: number;
  name: string;
}

/** A `datetime-local` input value (local time, to the minute) for a moment. */
export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export class TrackReplayState {
  squad = $state.raw<ReplaySquad | null>(null);
  /** The period, as `datetime-local` values in the screen's time zone. */
  from = $state('');
  to = $state('');
  points = $state.raw<TrackPoints | null>(null);
  truncated = $state(false);
  loading = $state(false);
  /** A function, so that the message follows a language switch. */
  error = $state.raw<(() => string) | null>(null);
  /** The replay clock: a moment of the track (ms). */
  cursor = $state(0);
  playing = $state(false);
  speed = $state<number>(60);

  start = $derived(this.points?.times[0] ?? 0);
  end = $derived(this.points?.times.at(-1) ?? 0);
  /** Where the squad was at the cursor. */
  marker = $derived<LngLat | null>(this.points ? positionAt(this.points, this.cursor) : null);

  #timer: ReturnType<typeof setInterval> | undefined;
  #request = 0;

  /** Opens the replay for a squad, over the last hour. */
  open(squad: ReplaySquad, now = Date.now()): void {
    this.pause();
    this.squad = squad;
    this.from = toLocalInput(now - 3600_000);
    // The end of the current minute, so that a point reported seconds ago is in.
    this.to = toLocalInput(now + 60_000);
    this.points = null;
    void this.load();
  }

  close(): void {
    this.pause();
    this.#request++;
    this.squad = null;
    this.points = null;
    this.error = null;
    this.loading = false;
  }

  async load(): Promise<void> {
    const squad = this.squad;
    if (!squad) return;
    this.pause();
    const from = new Date(this.from);
    const to = new Date(this.to);
    if (!(from.getTime() < to.getTime())) {
      this.error = () => t('track.badPeriod');
      return;
    }
    const request = ++this.#request;
    this.loading = true;
    this.error = null;
    try {
      const track = await fetchSquadTrack(squad.id, from, to);
      if (request !== this.#request) return;
      this.points = trackPoints(track);
      this.truncated = track.properties.truncated;
      this.cursor = this.start;
    } catch (error) {
      if (request !== this.#request) return;
      this.points = null;
      const message = error instanceof Error ? error.message : String(error);
      this.error =
        error instanceof ApiRequestError && error.status === 0
          ? () => t('error.network')
          : () => t('track.failed', { message });
    } finally {
      if (request === this.#request) this.loading = false;
    }
  }

  /** Plays from the cursor (from the start when at the end). */
  play(): void {
    if (!this.points || this.points.times.length < 2 || this.playing) return;
    if (this.cursor >= this.end) this.cursor = this.start;
    this.playing = true;
    let last = Date.now();
    this.#timer = setInterval(() => {
      const now = Date.now();
      const next = this.cursor + (now - last) * this.speed;
      last = now;
      if (next >= this.end) {
        this.cursor = this.end;
        this.pause();
      } else {
        this.cursor = next;
      }
    }, TICK_MS);
  }

  pause(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.playing = false;
  }

  seek(time: number): void {
    this.cursor = Math.min(Math.max(time, this.start), this.end);
  }
}
