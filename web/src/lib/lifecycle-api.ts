/**
 * The case lifecycle over REST: one call per action in the shared action
 * table (shared/src/lifecycle.ts), the timeline, the category catalogue and
 * the clock settings.
 */
import {
  CASE_ACTION_PATHS,
  type CalendarOverride,
  type CaseActionName,
  type CaseDto,
  type CaseTimeline,
  type CategoryDto,
  type CategoryUpdateBody,
  type ClockSettings,
} from '@civic/shared';
import { request } from './api.ts';

/** Takes an action on a case; the body is the action's schema in shared/src/api.ts (none for most squad steps). */
export function performAction(caseId: number, action: CaseActionName, body?: object): Promise<CaseDto> {
  return request<CaseDto>('POST', `/api/cases/${caseId}/${CASE_ACTION_PATHS[action]}`, { body: body ?? {} });
}

export const lifecycleApi = {
  timeline: (caseId: number) => request<CaseTimeline>('GET', `/api/cases/${caseId}/timeline`),
  categories: () => request<CategoryDto[]>('GET', '/api/categories'),
  updateCategory: (code: string, body: CategoryUpdateBody) =>
    request<CategoryDto>('PATCH', `/api/categories/${encodeURIComponent(code)}`, { body }),
  clockSettings: () => request<ClockSettings>('GET', '/api/settings/clocks'),
  saveClockSettings: (settings: ClockSettings) =>
    request<ClockSettings>('PUT', '/api/settings/clocks', { body: settings }),
  calendarOverrides: () => request<CalendarOverride[]>('GET', '/api/settings/calendar-overrides'),
  saveCalendarOverride: (override: CalendarOverride) =>
    request<CalendarOverride>('PUT', `/api/settings/calendar-overrides/${override.date}`, {
      body: { working: override.working, note: override.note },
    }),
  deleteCalendarOverride: (date: string) => request<null>('DELETE', `/api/settings/calendar-overrides/${date}`),
};
