import type { Message } from './helper.ts';

/** The sub-millisecond wall clock every bench process stamps with, so stamps compare across processes. */
export const wallClock = () => performance.timeOrigin + performance.now();

export function report(message: Message): void {
  process.send?.(message);
}

export function onCommand(handler: (message: Message) => void): void {
  process.on('message', (message: Message) => handler(message));
}

/**
 * Runs a helper's main function. A helper is useless without its
 * orchestrator, so it exits when the IPC channel closes (the orchestrator
 * died or was interrupted) instead of lingering with open sockets.
 */
export function runHelper(main: () => Promise<void>): void {
  if (!process.send) {
    process.stderr.write('this script is started by test/bench/run.ts (npm run bench)\n');
    process.exit(1);
  }
  process.on('disconnect', () => process.exit(0));
  main().catch((error: unknown) => {
    report({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    // Let the message flush before leaving.
    setTimeout(() => process.exit(1), 100);
  });
}

export function token(): string {
  const value = process.env.BENCH_TOKEN;
  if (!value) throw new Error('BENCH_TOKEN is not set');
  return value;
}
