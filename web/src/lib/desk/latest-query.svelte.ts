/**
 * "Ask as the person types": waits until typing pauses, asks, and keeps only
 * the answer to the latest question. An answer that comes back after a newer
 * question was asked (the network reorders) is dropped, never shown.
 */
export interface LatestQueryOptions {
  /** Quiet time after the last keystroke before asking. */
  delayMs: number;
  /** Questions shorter than this (after trimming) are not asked: the answer is `empty`. */
  minLength?: number;
}

export class LatestQuery<T> {
  /** The latest answer kept, and the question it answers. */
  answer = $state.raw<T | null>(null);
  answeredFor = $state<string | null>(null);
  /** True while the latest question is waiting for its answer (or for the pause). */
  pending = $state(false);
  /** The latest question failed; the previous answer is dropped with it. */
  error = $state.raw<unknown>(null);

  readonly #ask: (text: string) => Promise<T>;
  readonly #options: LatestQueryOptions;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** Numbers the questions; an answer counts only if its number is still the latest. */
  #generation = 0;

  constructor(ask: (text: string) => Promise<T>, options: LatestQueryOptions) {
    this.#ask = ask;
    this.#options = options;
  }

  /** The text changed: ask about it once typing pauses. */
  input(text: string): void {
    this.#schedule(text, this.#options.delayMs);
  }

  /** Ask now, without waiting for a pause (e.g. a queued case's address). */
  now(text: string): void {
    this.#schedule(text, 0);
  }

  /** Forget the question and any answer on its way. */
  clear(): void {
    clearTimeout(this.#timer);
    this.#generation++;
    this.answer = null;
    this.answeredFor = null;
    this.pending = false;
    this.error = null;
  }

  dispose(): void {
    clearTimeout(this.#timer);
    this.#generation++;
  }

  #schedule(text: string, delayMs: number): void {
    clearTimeout(this.#timer);
    const generation = ++this.#generation;
    const question = text.trim();
    if (question.length < (this.#options.minLength ?? 1)) {
      this.answer = null;
      this.answeredFor = null;
      this.pending = false;
      this.error = null;
      return;
    }
    this.pending = true;
    const run = () => void this.#run(question, generation);
    if (delayMs <= 0) run();
    else this.#timer = setTimeout(run, delayMs);
  }

  async #run(question: string, generation: number): Promise<void> {
    try {
      const answer = await this.#ask(question);
      if (generation !== this.#generation) return;
      this.answer = answer;
      this.answeredFor = question;
      this.error = null;
    } catch (error) {
      if (generation !== this.#generation) return;
      this.answer = null;
      this.answeredFor = null;
      this.error = error;
    } finally {
      if (generation === this.#generation) this.pending = false;
    }
  }
}
