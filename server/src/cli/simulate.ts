/**
 * Runs the demo simulator against a running server until SIGINT/SIGTERM:
 *
 *   npm run simulate -- --url http://localhost:3000
 *
 * It is an ordinary API client (demo logins, no database access), so it can
 * feed any deployment seeded with the demo data, and a real one never runs it.
 */
import { parseArgs } from 'node:util';
import { startSimulator } from '../modules/demo/simulator.ts';

function fail(reason: string): never {
  console.error(`simulate: ${reason}`);
  process.exit(1);
}

function positiveInt(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) fail(`--${name} must be a positive integer, got "${value}"`);
  return n;
}

let values: Record<string, string | undefined>;
try {
  ({ values } = parseArgs({
    options: {
      url: { type: 'string', default: process.env.SIMULATOR_URL ?? 'http://localhost:3000' },
      username: { type: 'string' },
      password: { type: 'string' },
      'filing-interval': { type: 'string' },
      'position-interval': { type: 'string' },
      'max-open-received': { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  }));
} catch (error) {
  fail(
    `${(error as Error).message}; usage: npm run simulate -- --url http://localhost:3000 ` +
      '[--username admin --password demo123] [--filing-interval ms] [--position-interval ms] [--max-open-received n]',
  );
}

const baseUrl = values.url!;
try {
  new URL(baseUrl);
} catch {
  fail(`--url is not a URL: "${baseUrl}"`);
}

const simulator = startSimulator({
  baseUrl,
  ...(values.username ? { adminUsername: values.username } : {}),
  ...(values.password ? { adminPassword: values.password } : {}),
  filingIntervalMs: positiveInt('filing-interval', values['filing-interval']),
  positionIntervalMs: positiveInt('position-interval', values['position-interval']),
  maxOpenReceived: positiveInt('max-open-received', values['max-open-received']),
  log: (message) => console.log(`[simulator] ${message}`),
});

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(130);
    stopping = true;
    simulator.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
