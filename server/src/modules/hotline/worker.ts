import { HOTLINE_HEADERS, type HotlineReply } from '@civic/shared';
import { withTransaction, type Pool } from '../../db/pool.ts';
import {
  claimDue,
  lockCursor,
  markAttemptFailed,
  markDelivered,
  moveCursor,
  newestSeq,
  queueDelivery,
  replyEvents,
  replyTargets,
  type ClaimedDelivery,
  type QueuedReply,
  type ReplyEvent,
} from './deliveries.ts';
import { signatureHeaders } from './signature.ts';

export interface HotlineWorkerOptions {
  /** How often each node looks for new events and due deliveries (HOTLINE_WORKER_MS). */
  intervalMs?: number;
  /** The first retry waits this long, each next one twice as long, capped at an hour (HOTLINE_RETRY_BASE_MS). */
  retryBaseMs?: number;
  /** After this many failed attempts a delivery is kept as failed, for an admin to resend (HOTLINE_MAX_ATTEMPTS). */
  maxAttempts?: number;
  /** A platform that has not answered in this time has failed this attempt. */
  requestTimeoutMs?: number;
  reportError: (error: unknown) => void;
}

/** The defaults of config.ts, for a caller that gives none. */
const DEFAULTS = { intervalMs: 5_000, retryBaseMs: 30_000, maxAttempts: 8, requestTimeoutMs: 10_000 };
const SCAN_BATCH = 500;
const SEND_BATCH = 10;
const MAX_BACKOFF_MS = 60 * 60_000;

/**
 * Posts the replies (回复) the hotline platforms are owed, from the event log.
 *
 * Nothing lives only in memory. A cursor row over case_events turns each
 * disposal and close of a case that has hotline tickets (its own, or those
 * of cases merged into it) into delivery rows, in the same transaction that
 * moves the cursor: a restart resumes where the last commit left off. Due
 * deliveries are claimed with FOR UPDATE SKIP LOCKED by any node, sent
 * outside any transaction (the embedded database has a single connection),
 * then marked delivered, or retried with exponential backoff, or failed
 * after `maxAttempts`. Delivery is at least once: a node dying between the
 * platform's 2xx and its own commit sends that reply again, with the same
 * replyId for the platform to drop.
 */
export class HotlineWorker {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #again = false;
  #stopped = false;

  private readonly options: Required<HotlineWorkerOptions>;

  constructor(
    private readonly pool: Pool,
    options: HotlineWorkerOptions,
  ) {
    const given = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
    this.options = { ...DEFAULTS, ...given } as Required<HotlineWorkerOptions>;
  }

  /** Runs now (catching up on anything left from before a restart), then every interval. */
  start(): void {
    this.#stopped = false;
    this.kick();
    this.#timer = setInterval(() => this.kick(), this.options.intervalMs);
    this.#timer.unref();
  }

  /** Runs a pass now, or right after the one in progress. */
  kick(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = this.runOnce()
      .then(() => undefined)
      .catch(this.options.reportError)
      .finally(() => {
        this.#running = undefined;
        if (this.#again) {
          this.#again = false;
          this.kick();
        }
      });
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    while (this.#running) await this.#running;
  }

  /** One pass: queue the replies for new events, then send whatever is due. */
  async runOnce(): Promise<{ queued: number; delivered: number; failed: number }> {
    const queued = await this.scan();
    let delivered = 0;
    let failed = 0;
    for (;;) {
      const batch = await claimDue(this.pool, SEND_BATCH, this.leaseMs());
      if (batch.length === 0) break;
      const results = await Promise.all(batch.map((delivery) => this.send(delivery)));
      delivered += results.filter(Boolean).length;
      failed += results.filter((ok) => !ok).length;
      if (batch.length < SEND_BATCH || this.#stopped) break;
    }
    return { queued, delivered, failed };
  }

  /** Turns new disposals and closes into deliveries; answers how many events it read. */
  async scan(): Promise<number> {
    let read = 0;
    for (;;) {
      const step = await withTransaction(this.pool, async (db) => {
        const after = await lockCursor(db);
        if (after === undefined) return null; // another node is scanning
        const upTo = await newestSeq(db);
        if (upTo <= after) return null;
        const events = await replyEvents(db, after, upTo, SCAN_BATCH);
        for (const event of events) {
          for (const target of await replyTargets(db, event.case_id)) {
            await queueDelivery(db, {
              target,
              eventSeq: event.seq,
              kind: event.type === 'case:disposed' ? 'disposed' : 'closed',
              payload: replyFor(event, target),
            });
          }
        }
        // A full batch may have more behind it; otherwise everything up to upTo has been seen.
        const reached = events.length === SCAN_BATCH ? events[events.length - 1]!.seq : upTo;
        await moveCursor(db, reached);
        return { count: events.length, more: reached < upTo };
      });
      if (step === null) return read;
      read += step.count;
      if (!step.more) return read;
    }
  }

  /** One attempt at one delivery; true when the platform took it. */
  private async send(delivery: ClaimedDelivery): Promise<boolean> {
    const { maxAttempts } = this.options;
    const failedWith = async (error: string, statusCode: number | null) => {
      await markAttemptFailed(
        this.pool,
        { id: delivery.id, attempts: delivery.attempts, error: error.slice(0, 500), statusCode },
        maxAttempts,
        this.backoffMs(delivery.attempts),
      );
      return false;
    };
    if (!delivery.callback_url) return failedWith('The source has no callback URL', null);
    const reply: HotlineReply = { replyId: delivery.id, ...delivery.payload };
    const body = JSON.stringify(reply);
    try {
      const response = await fetch(delivery.callback_url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [HOTLINE_HEADERS.delivery]: String(delivery.id),
          ...signatureHeaders(delivery.secret, body),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.options.requestTimeoutMs),
      });
      const text = await response.text().catch(() => '');
      if (response.status >= 200 && response.status < 300) {
        await markDelivered(this.pool, delivery.id, delivery.attempts, response.status);
        return true;
      }
      return failedWith(`HTTP ${response.status}${text ? `: ${text.slice(0, 200)}` : ''}`, response.status);
    } catch (error) {
      return failedWith(describeFetchError(error), null);
    }
  }

  /** base × 2^(n−1), capped, with a little jitter so that many failed replies do not retry in step. */
  private backoffMs(attempt: number): number {
    const delay = Math.min(this.options.retryBaseMs * 2 ** (attempt - 1), MAX_BACKOFF_MS);
    return Math.round(delay * (1 + Math.random() * 0.1));
  }

  /** A claimed delivery is not retried before its request has certainly timed out. */
  private leaseMs(): number {
    return this.options.requestTimeoutMs * 3;
  }
}

function replyFor(event: ReplyEvent, target: { case_id: number; ticket_no: string; case_no: string }): QueuedReply {
  const disposed = event.type === 'case:disposed';
  return {
    ticketNo: target.ticket_no,
    caseNo: target.case_no,
    kind: disposed ? 'disposed' : 'closed',
    result: (disposed ? event.detail.note : event.disposal_note) ?? null,
    comment: disposed ? null : (event.detail.comment ?? null),
    handledBy: event.squad_name,
    at: event.created_at.toISOString(),
    mergedInto: target.case_id === event.case_id ? null : { caseNo: event.case_no },
  };
}

function describeFetchError(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError') return 'No answer within the timeout';
    const cause = (error as Error & { cause?: unknown }).cause;
    const detail = cause instanceof Error ? cause.message : '';
    return detail ? `${error.message}: ${detail}` : error.message;
  }
  return String(error);
}
