/**
 * Files complaints one at a time at a steady rate, each with a unique key in
 * its description, and reports when each was sent (wall clock, comparable
 * with the listener's) and when its 201 came back.
 *
 *   --url <server base URL>  --tag <run tag>  --count 200  --rate 25  --warmup 10  [--deadline ms]
 *   (past the deadline it stops and reports what it filed: an overloaded server is a result)
 *   env BENCH_TOKEN: a clerk's token
 */
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { report, runHelper, token, wallClock } from './lib/child.ts';
import { postJson } from './lib/http.ts';
import { FIXTURE_DISTRICT, pointIn } from './lib/stats.ts';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    tag: { type: 'string' },
    count: { type: 'string', default: '200' },
    rate: { type: 'string', default: '25' },
    warmup: { type: 'string', default: '10' },
    deadline: { type: 'string' },
  },
});

export interface Post {
  key: string;
  sentAt: number;
  answeredAt: number;
  status: number;
}

runHelper(async () => {
  const { url, tag } = values;
  if (!url || !tag) throw new Error('--url and --tag are required');
  const count = Number(values.count);
  const warmup = Number(values.warmup);
  const interval = 1000 / Number(values.rate);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const posts: Post[] = [];
  const warm: Post[] = [];

  // Warm-up posts carry another tag so the listener's collect for `tag` skips them.
  const start = performance.now();
  const deadline = values.deadline === undefined ? Infinity : Number(values.deadline);
  for (let i = 0; i < warmup + count && performance.now() - start < deadline; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const key = i < warmup ? `${tag}-warm#${i}` : `${tag}#${i - warmup}`;
    const body = { channel: 'hotline', description: `bench fanout ${key}`, location: pointIn(FIXTURE_DISTRICT) };
    const sentAt = wallClock();
    // A timeout is an answer too (status 0): an overloaded server is a result, not a crash of the bench.
    const status = await postJson(`${url}/api/cases`, body, { agent, token: token() }).then(
      (answer) => answer.status,
      () => 0,
    );
    (i >= warmup ? posts : warm).push({ key, sentAt, answeredAt: wallClock(), status });
  }
  agent.destroy();
  report({ type: 'result', posts, warm, sent: warmup + count });
});
