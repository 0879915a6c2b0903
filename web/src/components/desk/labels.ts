/** The desk's labels for values the server sends: geocoder levels, priorities. */
import { t, type MessageKey } from '../../lib/i18n.ts';
import { GEOCODE_LEVELS, type GeocodeLevel } from '../../lib/desk/desk-api.ts';

const LEVEL_KEYS: Record<GeocodeLevel, MessageKey> = {
  house_number: 'desk.level.house_number',
  intersection: 'desk.level.intersection',
  landmark: 'desk.level.landmark',
  community: 'desk.level.community',
  road: 'desk.level.road',
  sub_district: 'desk.level.sub_district',
};

/** "交叉口"; a level this client does not know yet is shown as the server spells it. */
export function levelLabel(level: string): string {
  return (GEOCODE_LEVELS as readonly string[]).includes(level) ? t(LEVEL_KEYS[level as GeocodeLevel]) : level;
}

export const PRIORITIES = [1, 2, 3, 4] as const;

const PRIORITY_KEYS: Record<(typeof PRIORITIES)[number], MessageKey> = {
  1: 'desk.priority.1',
  2: 'desk.priority.2',
  3: 'desk.priority.3',
  4: 'desk.priority.4',
};

export function priorityLabel(priority: (typeof PRIORITIES)[number]): string {
  return t(PRIORITY_KEYS[priority]);
}
