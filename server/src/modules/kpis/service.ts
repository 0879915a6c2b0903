import { CHANNELS, KPI_TIME_ZONE, type KpiQuery, type KpiReport } from '@civic/shared';
import type { Queryable } from '../../db/pool.ts';
import { badRequest } from '../../http/errors.ts';
import { loadCalendar } from '../clocks/settings.ts';
import { computeBreakdowns, computeMetrics, measure, type DurationCalendar } from './aggregate.ts';
import { resolvePeriod } from './period.ts';
import { loadCaseFacts, loadOptions, type KpiFilters, type KpiOptions } from './repository.ts';

/** The supervisors' report over case_events (docs/kpis.md). */
export class KpiService {
  constructor(
    private readonly db: Queryable,
    private readonly calendar: (db: Queryable) => Promise<DurationCalendar> = loadCalendar,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async report(query: KpiQuery): Promise<KpiReport> {
    const period = resolvePeriod(query.from, query.to);
    const options = await loadOptions(this.db);
    const filters = checkFilters(query, options);
    const [facts, calendar] = await Promise.all([loadCaseFacts(this.db, period, filters), this.calendar(this.db)]);
    const cases = facts.map((f) => measure(f, calendar));
    return {
      period: {
        from: period.from,
        to: period.to,
        days: period.dates.length,
        timeZone: KPI_TIME_ZONE,
        start: period.start.toISOString(),
        end: period.end.toISOString(),
      },
      filters,
      generatedAt: this.now().toISOString(),
      options: { ...options, channels: [...CHANNELS] },
      totals: computeMetrics(cases),
      ...computeBreakdowns(cases, options, period.dates),
    };
  }
}

/** A filter naming nothing that exists is a mistake worth a 400, not an empty report. */
function checkFilters(query: KpiQuery, options: KpiOptions): KpiFilters {
  const { subDistrictId, categoryCode, squadId } = query;
  if (subDistrictId !== undefined && !options.subDistricts.some((s) => s.id === subDistrictId)) {
    throw badRequest('querystring.subDistrictId', `No sub-district has id ${subDistrictId}`);
  }
  if (categoryCode !== undefined && !options.categories.some((c) => c.code === categoryCode)) {
    throw badRequest('querystring.categoryCode', `No category has code ${categoryCode}`);
  }
  if (squadId !== undefined && !options.squads.some((s) => s.id === squadId)) {
    throw badRequest('querystring.squadId', `No squad has id ${squadId}`);
  }
  return {
    subDistrictId: subDistrictId ?? null,
    categoryCode: categoryCode ?? null,
    channel: query.channel ?? null,
    squadId: squadId ?? null,
  };
}
