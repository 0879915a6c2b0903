import type { Queryable } from '../../db/pool.ts';
import type { Realtime } from '../../plugins/realtime.ts';

/** The simulator reports in every few seconds; after this long without a word the screens drop the DEMO badge. */
const HEARTBEAT_STALE_SECONDS = 15;

/**
 * Whether a demo simulator is feeding this deployment. Kept in the database
 * (not in a node's memory) so that every node, and every wall screen, agrees.
 */
export class DemoStatus {
  private lastAnnounced: boolean | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Queryable,
    private readonly realtime: Realtime | undefined,
  ) {}

  async heartbeat(): Promise<void> {
    await this.db.query(
      `INSERT INTO system_state (key, value, updated_at) VALUES ('demo_heartbeat', 'true'::jsonb, now())
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    );
    this.announce(true);
  }

  async isRunning(): Promise<boolean> {
    const { rows } = await this.db.query<{ running: boolean }>(
      `SELECT updated_at > now() - make_interval(secs => $1) AS running FROM system_state WHERE key = 'demo_heartbeat'`,
      [HEARTBEAT_STALE_SECONDS],
    );
    return rows[0]?.running ?? false;
  }

  /** Watches for the heartbeat going stale, so screens learn the simulator stopped. */
  start(intervalMs = 5000): void {
    this.timer = setInterval(() => {
      this.isRunning().then(
        (running) => this.announce(running),
        () => undefined,
      );
    }, intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private announce(running: boolean): void {
    if (this.lastAnnounced === running) return;
    this.lastAnnounced = running;
    this.realtime?.toDispatch('demo:status', { running });
  }
}
