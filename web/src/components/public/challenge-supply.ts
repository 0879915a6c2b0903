/**
 * The proof of work is fetched and solved ahead of time, so that a submit
 * normally waits for the network only.
 */
import { ApiRequestError } from '../../lib/api.ts';
import { publicApi } from '../../lib/public-api.ts';
import { solveChallenge } from './pow.ts';

export interface SolvedChallenge {
  challenge: string;
  nonce: string;
  expiresAt: number;
}

/** Codes that a new challenge fixes: the form asks for one and sends again. */
const CHALLENGE_CODES = ['challenge_used', 'challenge_expired', 'challenge_invalid', 'challenge_unsolved'];

export function isChallengeError(error: unknown): boolean {
  return error instanceof ApiRequestError && CHALLENGE_CODES.includes(error.code ?? '');
}

/** Keeps one solved challenge ready; each is handed out once. */
export class ChallengeSupply {
  #next: Promise<SolvedChallenge> | null = null;

  /** Starts solving the next one in the background (errors wait for `take`). */
  prepare(): void {
    this.#next ??= this.#solve();
    this.#next.catch(() => undefined);
  }

  /** A solved challenge with at least a minute left, solving a fresh one if need be. */
  async take(): Promise<SolvedChallenge> {
    let next = this.#next ?? this.#solve();
    this.#next = null;
    let solved = await next.catch(() => null);
    if (!solved || solved.expiresAt - Date.now() < 60_000) {
      next = this.#solve();
      solved = await next;
    }
    return solved;
  }

  async #solve(): Promise<SolvedChallenge> {
    const issued = await publicApi.challenge();
    const nonce = await solveChallenge(issued.challenge, issued.difficulty);
    return { challenge: issued.challenge, nonce, expiresAt: Date.parse(issued.expiresAt) };
  }
}
