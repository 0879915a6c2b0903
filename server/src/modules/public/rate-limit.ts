import { isIPv6 } from 'node:net';
import type { FastifyReply } from 'fastify';
import { HttpError } from '../../http/errors.ts';
import type { RedisClient } from '../../plugins/redis.ts';
import type { Rule } from './settings.ts';

export interface WindowCount {
  /** Hits in the current window, this one included. */
  count: number;
  /** Until the window ends. */
  resetMs: number;
}

/** Counts hits per key in fixed windows. */
export interface CounterStore {
  hit(key: string, windowMs: number): Promise<WindowCount>;
}

/** One node's counters: the store when no Redis is configured (a single node). */
export class MemoryCounterStore implements CounterStore {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  private nextSweep = 0;

  constructor(private readonly now: () => number = Date.now) {}

  async hit(key: string, windowMs: number): Promise<WindowCount> {
    const now = this.now();
    this.sweep(now);
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + windowMs };
      this.windows.set(key, window);
    }
    window.count += 1;
    return { count: window.count, resetMs: window.resetAt - now };
  }

  /** Drops ended windows now and then, so that one-off visitors do not pile up. */
  private sweep(now: number): void {
    if (now < this.nextSweep) return;
    this.nextSweep = now + 60_000;
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
  }
}

/**
 * Counters shared by every node: INCR, then PEXPIRE NX starts the window on
 * the first hit, in one MULTI. If Redis does not answer quickly the node
 * counts on its own for that hit rather than keep a citizen waiting: the limit
 * is looser during an outage, never a reason to refuse a complaint.
 */
export class RedisCounterStore implements CounterStore {
  constructor(
    private readonly client: RedisClient,
    private readonly fallback: CounterStore,
    private readonly onError: (error: unknown) => void,
    private readonly timeoutMs = 500,
  ) {}

  async hit(key: string, windowMs: number): Promise<WindowCount> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const replies = await Promise.race([
        this.client.multi().incr(key).pExpire(key, windowMs, 'NX').pTTL(key).exec(),
        new Promise<never>((_resolve, reject) => {
          timer = setTimeout(
            () => reject(new Error(`Redis did not answer within ${this.timeoutMs} ms`)),
            this.timeoutMs,
          );
        }),
      ]);
      const count = Number(replies[0]);
      const ttl = Number(replies[2]);
      return { count, resetMs: ttl > 0 ? ttl : windowMs };
    } catch (error) {
      this.onError(error);
      return this.fallback.hit(key, windowMs);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** A 429 whose Retry-After the route sets from `retryAfterSeconds`. */
export class RateLimited extends HttpError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
    limit: string,
  ) {
    super(429, message, { code: 'rate_limited', facts: { retryAfter: retryAfterSeconds, limit } });
  }
}

/**
 * Named limits over a counter store. Subjects (addresses, phone numbers)
 * are keyed by a keyed hash, so neither Redis nor memory holds them in clear.
 */
export class RateLimiter {
  constructor(
    private readonly store: CounterStore,
    private readonly keyPrefix: string,
    private readonly pseudonym: (subject: string) => Promise<string>,
  ) {}

  /**
   * Counts a hit on `limit` for `subject`; over the rule, sets Retry-After on
   * the reply and throws a 429 with `message(wait)`.
   */
  async hit(
    reply: FastifyReply,
    limit: string,
    subject: string,
    rule: Rule,
    message: (wait: string) => string,
  ): Promise<void> {
    const key = `${this.keyPrefix}${limit}:${await this.pseudonym(subject)}`;
    const { count, resetMs } = await this.store.hit(key, rule.windowSeconds * 1000);
    if (count <= rule.max) return;
    const seconds = Math.max(1, Math.ceil(resetMs / 1000));
    void reply.header('retry-after', String(seconds));
    throw new RateLimited(message(describeWait(seconds)), seconds, limit);
  }
}

/** "45 s", "12 min", "3 h": for the message; Retry-After carries the exact seconds. */
export function describeWait(seconds: number): string {
  if (seconds < 90) return `${seconds} s`;
  if (seconds < 90 * 60) return `${Math.ceil(seconds / 60)} min`;
  return `${Math.ceil(seconds / 3600)} h`;
}

/**
 * The part of a client address that names one subscriber: an IPv4 address
 * as is (also when mapped into IPv6), an IPv6 address by its /64, which a
 * phone or a home router gets whole and could otherwise rotate through.
 */
export function addressKey(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (!isIPv6(ip)) return ip;
  const [head = '', tail = ''] = ip.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::')
    ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.toLowerCase().replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
