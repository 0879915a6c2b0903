/**
 * A new assignment must be noticed in a noisy street: a short beep (Web
 * Audio, no sound file) and a vibration, where the browser allows them.
 * Browsers allow audio only after the person has touched the page; `unlock`
 * runs on the first touch or key, so later alerts can sound without one.
 */
const PATTERN_MS = [300, 120, 300, 120, 300];

type AudioContextClass = typeof AudioContext;

export class AssignmentAlerter {
  /** Alerts given so far (tests and the banner read it). */
  count = 0;
  #context: AudioContext | null = null;
  readonly #unlock = () =>
    void this.#audio()
      ?.resume()
      .catch(() => undefined);

  /** Listens for the first gesture; call `dispose` when the view goes. */
  start(): void {
    for (const type of ['pointerdown', 'keydown', 'touchstart'] as const) {
      window.addEventListener(type, this.#unlock, { passive: true });
    }
  }

  dispose(): void {
    for (const type of ['pointerdown', 'keydown', 'touchstart'] as const) {
      window.removeEventListener(type, this.#unlock);
    }
    void this.#context?.close().catch(() => undefined);
    this.#context = null;
  }

  /** Beeps three times and vibrates; silently does what the browser permits. */
  ring(): void {
    this.count++;
    try {
      navigator.vibrate?.(PATTERN_MS);
    } catch {
      // Not allowed without a gesture on some browsers.
    }
    const context = this.#audio();
    if (!context) return;
    void context.resume().catch(() => undefined);
    let at = context.currentTime + 0.02;
    for (let i = 0; i < 3; i++) {
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.type = 'square';
      oscillator.frequency.value = i === 2 ? 1320 : 880;
      // A short ramp at both ends: a hard edge clicks.
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.25, at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.18);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(at);
      oscillator.stop(at + 0.2);
      at += 0.26;
    }
  }

  #audio(): AudioContext | null {
    if (this.#context) return this.#context;
    const Context =
      window.AudioContext ?? (window as unknown as { webkitAudioContext?: AudioContextClass }).webkitAudioContext;
    if (!Context) return null;
    try {
      this.#context = new Context();
    } catch {
      return null;
    }
    return this.#context;
  }
}
