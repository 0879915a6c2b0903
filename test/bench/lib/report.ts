import type { KnnResult } from './knn.ts';
import type { PositionResult } from './positions.ts';
import type { Summary } from './stats.ts';

export interface LoadResult {
  completed: number;
  seconds: number;
  rps: number;
  non2xx: number;
  errors: number;
  firstProblem: string | null;
}

export interface FanoutResult {
  others: number;
  posted: number;
  non2xx: number;
  received: number;
  /** POST sent → `case:created` arrived at the measuring socket. */
  event: Summary;
  /** POST sent → 201 received by the poster. */
  http: Summary;
  /** Complaints the poster meant to file (warm-up included), those filed (2xx) before its deadline, and their POST → 201. */
  offered?: number;
  filed?: number;
  httpAll?: Summary;
  /** The least and most served of the other sockets, against what each should have got. */
  crowd?: { min: number; max: number; expected: number; connected: number };
}

export interface Environment {
  date: string;
  cpu: string;
  cores: number;
  memoryGb: number;
  node: string;
  postgres: string;
  postgis: string;
  redis: boolean;
}

export interface Settings {
  concurrency: number;
  duration: number;
  warmup: number;
  fanoutCount: number;
  fanoutRate: number;
  crowd: number;
  knnQueries: number;
  /** Simulated squad phones for position ingest (0: skip), each sending a fix every positionInterval s. */
  positionSquads: number;
  positionInterval: number;
  /** One server run per POSITION_WRITE_MS value. */
  positionWriteMs: number[];
  positionWarmup: number;
}

// A summary of nothing is NaN, which arrives from a helper (over JSON) as null.
const ms = (value: number | null, digits = 1) =>
  value === null || !Number.isFinite(value) ? '—' : `${value.toFixed(digits)} ms`;
const count = (value: number) => value.toLocaleString('en-US');

/** The whole run as markdown, ready to paste into docs/benchmarks.md. */
export function renderReport(
  env: Environment,
  settings: Settings,
  real: LoadResult,
  ceiling: LoadResult,
  fanout: FanoutResult[],
  knn: KnnResult[],
  positions: PositionResult[] = [],
): string {
  const lines: string[] = [];
  lines.push(`## civic-dispatch benchmark, ${env.date}`, '');
  lines.push(`- Machine: ${env.cpu}, ${env.cores} cores, ${env.memoryGb.toFixed(1)} GB RAM`);
  lines.push(
    `- Node.js ${env.node}; ${env.postgres}; PostGIS ${env.postgis}; fan-out adapter: ${env.redis ? 'Redis' : 'in-memory'}`,
  );
  lines.push('');

  lines.push(
    `### Filing throughput (${settings.concurrency} in flight, ${settings.duration} s after ${settings.warmup} s warm-up)`,
    '',
  );
  lines.push('| Target | Requests/s | 2xx in window | Non-2xx | Errors |', '|---|---:|---:|---:|---:|');
  const loadRow = (name: string, r: LoadResult) =>
    `| ${name} | ${r.rps.toFixed(0)} | ${count(r.completed)} | ${r.non2xx} | ${r.errors} |`;
  lines.push(loadRow('`POST /api/cases` (real server)', real));
  lines.push(loadRow('Ceiling: one INSERT (fastify + pg, pool 10)', ceiling));
  lines.push('', `Real / ceiling: **${(real.rps / ceiling.rps).toFixed(2)}**`, '');

  lines.push(
    `### Fan-out latency: POST → \`case:created\` at a dispatcher socket (${settings.fanoutCount} complaints at ${settings.fanoutRate}/s, one at a time)`,
    '',
  );
  lines.push(
    '| Other dispatchers | Received | Event p50 | Event p99 | Event max | POST→201 p50 | POST→201 p99 | Others received (min–max / expected) |',
    '|---:|---:|---:|---:|---:|---:|---:|---|',
  );
  for (const f of fanout) {
    const crowd = f.crowd
      ? `${f.crowd.min}–${f.crowd.max} / ${f.crowd.expected} (${f.crowd.connected} connected)`
      : '—';
    lines.push(
      `| ${f.others} | ${f.received}/${f.posted} | ${ms(f.event.p50)} | ${ms(f.event.p99)} | ${ms(f.event.max)} | ${ms(f.http.p50)} | ${ms(f.http.p99)} | ${crowd} |`,
    );
  }
  const [alone, crowded] = [fanout[0], fanout.at(-1)];
  if (alone && crowded && crowded.others > 0) {
    const perSocket = ((crowded.event.p50 - alone.event.p50) / crowded.others) * 1000;
    lines.push(
      '',
      `The measuring socket joins the room after the others, so it is served last. Added p50 per extra dispatcher: ${perSocket.toFixed(1)} µs`,
    );
  }
  lines.push('');

  lines.push(
    `### Nearest squad: \`SquadService.recommend(point, 5)\`, ${settings.knnQueries} random points, one at a time`,
    '',
  );
  lines.push('| Available squads | p50 | p99 | max | Plan (one query, EXPLAIN ANALYZE) |', '|---:|---:|---:|---:|---|');
  for (const k of knn) {
    lines.push(
      `| ${count(k.squads)} | ${ms(k.latency.p50, 2)} | ${ms(k.latency.p99, 2)} | ${ms(k.latency.max, 2)} | ${k.plan} |`,
    );
  }
  lines.push('', "(Plus the fixture's five squads, three of them dispatchable.)");
  if (positions.length > 0) lines.push('', ...renderPositions(settings, positions));
  return lines.join('\n');
}

function renderPositions(settings: Settings, positions: PositionResult[]): string[] {
  const lines: string[] = [];
  const offered = settings.positionSquads / settings.positionInterval;
  lines.push(
    `### Position ingest: ${count(settings.positionSquads)} squad phones over socket.io, one fix every ${settings.positionInterval} s each (${count(Math.round(offered))}/s offered), while complaints are filed`,
    '',
  );
  lines.push(
    '| Fix writes (`POSITION_WRITE_MS`) | Phones connected | Offered/s | Accepted/s | Timed out (10 s) | Ack p50 | Ack p99 | Ack max | PostgreSQL commits/s | Machine CPU busy |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  );
  const mode = (writeMs: number) => (writeMs === 0 ? '0 (each fix on its own)' : `${writeMs} ms batches`);
  for (const p of positions) {
    lines.push(
      `| ${mode(p.writeMs)} | ${count(p.connected)} | ${p.offeredPerSecond.toFixed(0)} | ${p.acceptedPerSecond.toFixed(0)} | ${p.timedOut} | ${ms(p.ack.p50)} | ${ms(p.ack.p99)} | ${ms(p.ack.max)} | ${p.commitsPerSecond.toFixed(0)} | ${(p.cpuBusy * 100).toFixed(0)} % |`,
    );
  }
  lines.push('');
  lines.push(
    `#### Case events under position load: POST → \`case:created\` at a dispatcher socket (${settings.fanoutCount} complaints at ${settings.fanoutRate}/s), and \`recommend(point, 5)\` (200 points), same server, without then with the phones`,
    '',
  );
  lines.push(
    '| Fix writes | Position load | Filed in time (warm-up incl.) | Events received | Event p50 | Event p99 | Event max | POST→201 p50 | POST→201 p99 | recommend p50 | recommend p99 |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  );
  for (const p of positions) {
    for (const [label, f, r] of [
      ['none', p.idle, p.recommendIdle],
      [`${p.acceptedPerSecond.toFixed(0)} fixes/s`, p.loaded, p.recommendLoaded],
    ] as const) {
      lines.push(
        `| ${mode(p.writeMs)} | ${label} | ${f.filed ?? '?'}/${f.offered ?? '?'} | ${f.received}/${f.posted - f.non2xx} | ${ms(f.event.p50)} | ${ms(f.event.p99)} | ${ms(f.event.max)} | ${ms(f.httpAll?.p50 ?? null)} | ${ms(f.httpAll?.p99 ?? null)} | ${ms(r.p50, 2)} | ${ms(r.p99, 2)} |`,
      );
    }
  }
  return lines;
}
