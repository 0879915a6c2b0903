import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { CalendarOverride, ClockSettings } from '@civic/shared';
import type { Pool } from '../../db/pool.ts';
import { badRequest, notFound } from '../../http/errors.ts';
import { errors } from '../../http/schemas.ts';
import { currentUser } from '../../plugins/auth.ts';
import { loadCalendarOverrides, loadClockSettings, saveClockSettings } from './settings.ts';
import { WorkingCalendar } from './working-calendar.ts';

const DateParams = Type.Object(
  { date: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }) },
  { additionalProperties: false },
);

/**
 * The bureau's clock settings: working hours, the 督办 ladder and the dates
 * it declares working or not. Changes apply to clocks started afterwards.
 */
export const clockSettingsRoutes =
  (pool: Pool): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/api/settings/clocks',
      {
        config: { access: ['supervisor', 'admin'] },
        schema: { tags: ['settings'], response: { 200: ClockSettings, ...errors(401, 403) } },
      },
      async () => loadClockSettings(pool),
    );

    app.put(
      '/api/settings/clocks',
      {
        config: { access: ['admin'] },
        schema: {
          tags: ['settings'],
          summary: 'Working hours and the escalation ladder; applies to clocks started afterwards',
          body: ClockSettings,
          response: { 200: ClockSettings, ...errors(400, 401, 403) },
        },
      },
      async (request) => {
        try {
          // The calendar validates the periods (ordered, not overlapping).
          new WorkingCalendar({ workingHours: request.body.workingHours });
        } catch (error) {
          throw badRequest('body.workingHours', error instanceof Error ? error.message : 'Invalid working hours');
        }
        await saveClockSettings(pool, request.body);
        return request.body;
      },
    );

    app.get(
      '/api/settings/calendar-overrides',
      {
        config: { access: ['supervisor', 'admin'] },
        schema: { tags: ['settings'], response: { 200: Type.Array(CalendarOverride), ...errors(401, 403) } },
      },
      async () => loadCalendarOverrides(pool),
    );

    app.put(
      '/api/settings/calendar-overrides/:date',
      {
        config: { access: ['admin'] },
        schema: {
          tags: ['settings'],
          summary: 'Declare a date working or not (e.g. next year’s 调休 before the calendar package has it)',
          params: DateParams,
          body: Type.Object(
            { working: Type.Boolean(), note: Type.Optional(Type.String({ maxLength: 200 })) },
            { additionalProperties: false },
          ),
          response: { 200: CalendarOverride, ...errors(400, 401, 403) },
        },
      },
      async (request) => {
        const { date } = request.params;
        if (
          Number.isNaN(Date.parse(`${date}T00:00:00Z`)) ||
          new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) !== date
        ) {
          throw badRequest('params.date', `${date} is not a calendar date`);
        }
        await pool.query(
          `INSERT INTO calendar_overrides (date, working, note, updated_by) VALUES ($1, $2, $3, $4)
           ON CONFLICT (date) DO UPDATE SET working = EXCLUDED.working, note = EXCLUDED.note,
                                            updated_by = EXCLUDED.updated_by, updated_at = now()`,
          [date, request.body.working, request.body.note ?? null, currentUser(request).id],
        );
        return { date, working: request.body.working, ...(request.body.note ? { note: request.body.note } : {}) };
      },
    );

    app.delete(
      '/api/settings/calendar-overrides/:date',
      {
        config: { access: ['admin'] },
        schema: {
          tags: ['settings'],
          params: DateParams,
          response: { 204: Type.Null(), ...errors(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        const { rowCount } = await pool.query('DELETE FROM calendar_overrides WHERE date = $1', [request.params.date]);
        if (!rowCount) throw notFound('Override');
        return reply.status(204).send(null);
      },
    );
  };
