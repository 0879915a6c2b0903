import { withTransaction, type Pool } from '../../db/pool.ts';
import type { GradePublisher } from './grade-publisher.ts';
import { loadGradeRules } from './grade-settings.ts';
import { stepBackNext, type GradeChange } from './grading.ts';

/**
 * Steps grades back after a clean period (docs/merchants.md#grades). Every
 * node sweeps; each merchant is taken with FOR UPDATE SKIP LOCKED, in its own
 * transaction, so two nodes never step the same merchant, and a violation
 * being recorded (which locks the merchant too) is waited for, never raced.
 * The due time is computed from the rows, not a timer, so a step that fell
 * due while no node ran is taken at the first sweep after start.
 */
export class GradeSweeper {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;

  constructor(
    private readonly pool: Pool,
    private readonly publisher: GradePublisher,
    private readonly options: { intervalMs: number; reportError: (error: unknown) => void },
  ) {}

  /** Sweeps now (catching up on downtime), then every interval. */
  start(): void {
    const tick = () => {
      this.#running ??= this.sweep()
        .then(() => undefined)
        .catch(this.options.reportError)
        .finally(() => (this.#running = undefined));
    };
    tick();
    this.#timer = setInterval(tick, this.options.intervalMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#running;
  }

  /** Steps back every merchant due now; returns the number of grade events written. */
  async sweep(): Promise<number> {
    let written = 0;
    for (;;) {
      // The rules are read in each merchant's transaction: an admin turning step-back off stops the very next one.
      const changes: GradeChange[] | null = await withTransaction(this.pool, async (db) =>
        stepBackNext(db, await loadGradeRules(db)),
      );
      if (changes === null) return written;
      written += changes.length;
      this.publisher.publish(changes);
    }
  }
}
