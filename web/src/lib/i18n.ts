/**
 * Every string the UI shows. Chinese is the default; English is a toggle.
 * `t()` reads the reactive language, so any template or $derived that calls
 * it re-renders when the language changes.
 */
import type { CaseStatus, Channel, Role, SquadKind, SquadStatus } from '@civic/shared';
import { locale, type Lang } from './locale.svelte.ts';

const zh = {
  'app.title': '惠济区城管执法指挥调度',
  'app.loading': '加载中…',
  'login.heading': '指挥调度平台登录',
  'login.username': '用户名',
  'login.password': '密码',
  'login.submit': '登录',
  'login.submitting': '登录中…',
  'login.failed': '用户名或密码错误',
  'error.network': '无法连接服务器，请稍后重试',
  'error.generic': '操作失败：{message}',
  'header.logout': '退出',
  'header.demo': 'DEMO',
  'header.demoTitle': '演示模式：地图上的队伍和案件由模拟器产生；辖区边界和道路为示意数据，并非测绘数据',
  'lang.switch': 'English',
  'conn.connecting': '连接中',
  'conn.online': '实时在线',
  'conn.resyncing': '同步中',
  'conn.offline': '已断开，重连中',
  'cases.title': '待处置案件',
  'cases.empty': '暂无待处置案件',
  'cases.needsLocation': '需定位',
  'cases.filterLabel': '筛选案件',
  'cases.filterAll': '全部',
  'cases.filterNeedsLocation': '需定位 {n}',
  'cases.emptyNeedsLocation': '没有待定位的案件',
  'squads.title': '队伍',
  'squads.stale': '位置过期',
  'squads.noPosition': '无位置',
  'squads.openCases': '在办 {n}',
  'panel.close': '关闭',
  'panel.caseNo': '案件编号',
  'panel.status': '状态',
  'panel.channel': '渠道',
  'panel.category': '类别',
  'panel.description': '问题描述',
  'panel.address': '地址',
  'panel.locationMatch': '定位依据',
  'panel.subDistrict': '街道/镇',
  'panel.priority': '优先级',
  'panel.complainant': '投诉人',
  'panel.createdAt': '受理时间',
  'panel.squad': '承办队伍',
  'panel.noLocation': '该案件尚未定位，无法推荐附近队伍。',
  'locate.intro': '地址未能自动定位。在地图上放置案件位置后，即可推荐附近队伍。',
  'locate.place': '在地图上定位',
  'locate.move': '调整位置',
  'locate.cancel': '取消定位',
  'locate.hint': '点击地图放置案件位置 · Esc 取消',
  'locate.saving': '正在保存位置…',
  'locate.placed': '已放置在地图上',
  'locate.moved': '位置已更新',
  'locate.outside': '该点不在辖区范围内，请在辖区内点击',
  'locate.tooLate': '案件已派遣，不能再调整位置：{message}',
  'legend.title': '图例',
  'legend.cases': '案件',
  'legend.urgent': '大圆点为紧急案件',
  'legend.squads': '队伍',
  'legend.stale': '位置过期',
  'legend.zones': '区域',
  'legend.vendingZone': '疏导点 / 夜市经营区',
  'legend.needsLocation': '地址无法自动定位，未显示在地图上，需手工放置',
  'rec.title': '推荐队伍（由近及远）',
  'rec.loading': '正在计算推荐…',
  'rec.empty': '暂无可派队伍',
  'rec.assign': '指派',
  'rec.assigning': '指派中…',
  'rec.nearest': '最近的空闲队伍',
  'rec.nth': '第 {n} 近',
  'rec.positionAge': '位置 {age}前更新',
  'unit.seconds': '{n} 秒',
  'unit.minutes': '{n} 分钟',
  'assign.done': '已指派给 {squad}',
  'assign.alreadyAssigned': '已被其他调度员指派：{message}',
  'assign.squadUnavailable': '该队伍已不可派，请另选：{message}',
  'squad.status': '队伍状态',
  'squad.cases': '我的任务',
  'squad.empty': '暂无任务，新的派单会自动出现在这里',
  'squad.notFound': '未找到所属队伍',
  'squad.accept': '接单',
  'squad.resolve': '处置完毕',
  'squad.note': '处置情况',
  'squad.notePlaceholder': '例如：已劝离占道商户，现场已清理',
  'squad.noteRequired': '请先填写处置情况',
  'squad.new': '新派单',
  'gps.waiting': '定位中…',
  'gps.reporting': '已上报 {time}',
  'gps.denied': '定位不可用：未获定位授权',
  'gps.unavailable': '定位不可用',
  'gps.off': '未上岗，不上报位置',
  'common.sending': '提交中…',
  'unit.m': '{n} 米',
  'unit.km': '{n} 公里',
};

export type MessageKey = keyof typeof zh;

const en: Record<MessageKey, string> = {
  'app.title': 'Huiji Urban Management Dispatch',
  'app.loading': 'Loading…',
  'login.heading': 'Sign in to dispatch',
  'login.username': 'Username',
  'login.password': 'Password',
  'login.submit': 'Sign in',
  'login.submitting': 'Signing in…',
  'login.failed': 'Wrong username or password',
  'error.network': 'Cannot reach the server, please retry',
  'error.generic': 'Failed: {message}',
  'header.logout': 'Log out',
  'header.demo': 'DEMO',
  'header.demoTitle':
    'Demo mode: squads and cases on this map come from the simulator; boundaries and roads are approximate, not survey data',
  'lang.switch': '中文',
  'conn.connecting': 'Connecting',
  'conn.online': 'Live',
  'conn.resyncing': 'Syncing',
  'conn.offline': 'Offline, reconnecting',
  'cases.title': 'Open cases',
  'cases.empty': 'No open cases',
  'cases.needsLocation': 'needs location',
  'cases.filterLabel': 'Filter cases',
  'cases.filterAll': 'All',
  'cases.filterNeedsLocation': 'Needs location {n}',
  'cases.emptyNeedsLocation': 'No case is waiting for a location',
  'squads.title': 'Squads',
  'squads.stale': 'position stale',
  'squads.noPosition': 'no position',
  'squads.openCases': '{n} open',
  'panel.close': 'Close',
  'panel.caseNo': 'Case no.',
  'panel.status': 'Status',
  'panel.channel': 'Channel',
  'panel.category': 'Category',
  'panel.description': 'Description',
  'panel.address': 'Address',
  'panel.locationMatch': 'Located by',
  'panel.subDistrict': 'Sub-district',
  'panel.priority': 'Priority',
  'panel.complainant': 'Complainant',
  'panel.createdAt': 'Received',
  'panel.squad': 'Assigned squad',
  'panel.noLocation': 'This case has no location yet, so no nearby squad can be recommended.',
  'locate.intro': 'The address could not be placed automatically. Place the case on the map to get nearby squads.',
  'locate.place': 'Place on map',
  'locate.move': 'Move pin',
  'locate.cancel': 'Cancel placing',
  'locate.hint': 'Click the map to place the case · Esc to cancel',
  'locate.saving': 'Saving location…',
  'locate.placed': 'Placed on the map',
  'locate.moved': 'Pin moved',
  'locate.outside': 'That point is outside the district; click inside it',
  'locate.tooLate': 'The case has been dispatched; its location can no longer change: {message}',
  'legend.title': 'Legend',
  'legend.cases': 'Cases',
  'legend.urgent': 'Larger dot: urgent case',
  'legend.squads': 'Squads',
  'legend.stale': 'Position stale',
  'legend.zones': 'Zones',
  'legend.vendingZone': 'Vending point / night market',
  'legend.needsLocation': 'address could not be placed; not on the map until someone places it',
  'rec.title': 'Recommended squads (nearest first)',
  'rec.loading': 'Finding squads…',
  'rec.empty': 'No squad available',
  'rec.assign': 'Assign',
  'rec.assigning': 'Assigning…',
  'rec.nearest': 'nearest free squad',
  'rec.nth': '#{n} nearest',
  'rec.positionAge': 'position {age} old',
  'unit.seconds': '{n} s',
  'unit.minutes': '{n} min',
  'assign.done': 'Assigned to {squad}',
  'assign.alreadyAssigned': 'Already assigned by another dispatcher: {message}',
  'assign.squadUnavailable': 'That squad is no longer available, pick another: {message}',
  'squad.status': 'Squad status',
  'squad.cases': 'My cases',
  'squad.empty': 'No cases yet; new assignments appear here by themselves',
  'squad.notFound': 'Your squad was not found',
  'squad.accept': 'Accept',
  'squad.resolve': 'Resolve',
  'squad.note': 'What was done',
  'squad.notePlaceholder': 'e.g. vendor moved on, site cleared',
  'squad.noteRequired': 'Please describe what was done first',
  'squad.new': 'New',
  'gps.waiting': 'Locating…',
  'gps.reporting': 'Position reported {time}',
  'gps.denied': 'Location unavailable: permission denied',
  'gps.unavailable': 'Location unavailable',
  'gps.off': 'Not on duty, position not reported',
  'common.sending': 'Sending…',
  'unit.m': '{n} m',
  'unit.km': '{n} km',
};

/** Exported for the tests; screens go through t(). */
export const messages: Record<Lang, Record<MessageKey, string>> = { zh, en };

/** The message for `key` in the current language, with `{name}` placeholders filled in. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  return messages[locale.lang][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

// Domain labels. Typed as Record<Union, string> so that a status, channel or
// kind added in @civic/shared fails the type check here until it is labelled.
const caseStatusLabels: Record<Lang, Record<CaseStatus, string>> = {
  zh: { received: '待派遣', dispatched: '已派遣', accepted: '处置中', disposed: '已处置' },
  en: { received: 'Received', dispatched: 'Dispatched', accepted: 'Accepted', disposed: 'Resolved' },
};
const squadStatusLabels: Record<Lang, Record<SquadStatus, string>> = {
  zh: { available: '空闲', busy: '忙碌', on_break: '休息', off_duty: '下班' },
  en: { available: 'Available', busy: 'Busy', on_break: 'On break', off_duty: 'Off duty' },
};
const channelLabels: Record<Lang, Record<Channel, string>> = {
  zh: { hotline: '12345热线', web: '网上举报', letter_visit: '来信来访', patrol: '巡查发现' },
  en: { hotline: '12345 hotline', web: 'Web report', letter_visit: 'Letter/visit', patrol: 'Patrol' },
};
const squadKindLabels: Record<Lang, Record<SquadKind, string>> = {
  zh: {
    enforcement: '执法中队',
    inspector: '数字化监督员',
    sanitation: '环卫保洁',
    street_assistant: '镇街协管员',
    volunteer: '城管志愿者',
  },
  en: {
    enforcement: 'Enforcement squad',
    inspector: 'Inspector',
    sanitation: 'Sanitation',
    street_assistant: 'Street assistant',
    volunteer: 'Volunteer',
  },
};
const roleLabels: Record<Lang, Record<Role, string>> = {
  zh: { dispatcher: '调度员', squad_member: '队员', supervisor: '督查员', intake_clerk: '受理员', admin: '管理员' },
  en: {
    dispatcher: 'Dispatcher',
    squad_member: 'Squad member',
    supervisor: 'Supervisor',
    intake_clerk: 'Intake clerk',
    admin: 'Administrator',
  },
};

export const label = {
  caseStatus: (s: CaseStatus): string => caseStatusLabels[locale.lang][s],
  squadStatus: (s: SquadStatus): string => squadStatusLabels[locale.lang][s],
  channel: (c: Channel): string => channelLabels[locale.lang][c],
  squadKind: (k: SquadKind): string => squadKindLabels[locale.lang][k],
  role: (r: Role): string => roleLabels[locale.lang][r],
};

/** 850 m, 1.2 km. */
export function formatDistance(metres: number): string {
  // Decide the unit on the rounded figure, so 999.6 m reads 1.0 km, not 1000 m.
  const rounded = Math.round(metres);
  if (rounded < 1000) return t('unit.m', { n: rounded });
  const km = metres / 1000;
  return t('unit.km', { n: km < 9.95 ? km.toFixed(1) : Math.round(km).toString() });
}

/** A short age: 45 s, 3 min. */
export function formatAge(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return s < 60 ? t('unit.seconds', { n: s }) : t('unit.minutes', { n: Math.round(s / 60) });
}

/** Time of day to the second, 24-hour: 14:05:09. */
export function formatClock(ms: number): string {
  return new Date(ms).toLocaleTimeString(locale.lang === 'zh' ? 'zh-CN' : 'en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  });
}

/** Time of day for today's items, date and time for older ones. */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  const tag = locale.lang === 'zh' ? 'zh-CN' : 'en-GB';
  const sameDay = date.toDateString() === new Date().toDateString();
  return sameDay
    ? date.toLocaleTimeString(tag, { hour: '2-digit', minute: '2-digit' })
    : date.toLocaleString(tag, { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
}
