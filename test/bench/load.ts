/**
 * Closed-loop load: `--concurrency` workers each POST a complaint, wait for
 * the answer, and POST the next, for `--warmup` + `--duration` seconds.
 * Only answers that arrive inside the measured window count towards req/s;
 * every non-2xx answer and network error is counted, warm-up included.
 *
 *   --url <full URL to POST to>  --concurrency 16  --duration 10  --warmup 2
 *   env BENCH_TOKEN (optional): sent as a bearer token
 */
import http from 'node:http';
import { parseArgs } from 'node:util';
import { report, runHelper } from './lib/child.ts';
import { is2xx, postJson } from './lib/http.ts';
import { FIXTURE_DISTRICT, pointIn } from './lib/stats.ts';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    concurrency: { type: 'string', default: '16' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
  },
});

runHelper(async () => {
  const url = values.url;
  if (!url) throw new Error('--url is required');
  const concurrency = Number(values.concurrency);
  const token = process.env.BENCH_TOKEN;
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });

  const start = performance.now();
  const measureFrom = start + Number(values.warmup) * 1000;
  const stopAt = measureFrom + Number(values.duration) * 1000;
  let completed = 0;
  let non2xx = 0;
  let errors = 0;
  let firstProblem: string | undefined;

  const worker = async (id: number) => {
    // Bounded by the clock: no new request starts after stopAt.
    for (let i = 0; performance.now() < stopAt; i++) {
      const body = { channel: 'hotline', description: `bench load ${id}-${i}`, location: pointIn(FIXTURE_DISTRICT) };
      try {
        const answer = await postJson(url, body, { agent, token });
        const at = performance.now();
        if (!is2xx(answer.status)) {
          non2xx++;
          firstProblem ??= `${answer.status} ${answer.text.slice(0, 300)}`;
        } else if (at >= measureFrom && at <= stopAt) {
          completed++;
        }
      } catch (error) {
        errors++;
        firstProblem ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, id) => worker(id)));
  agent.destroy();

  const seconds = (stopAt - measureFrom) / 1000;
  report({
    type: 'result',
    completed,
    seconds,
    rps: completed / seconds,
    non2xx,
    errors,
    firstProblem: firstProblem ?? null,
  });
});
