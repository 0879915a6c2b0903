/**
 * Made-up complaints for the demo simulator: what a hotline caller, a web
 * reporter, a letter or a patrolling squad says, per category. Invented text
 * and people; phone numbers are in the 1380000xxxx range, which is not issued.
 */
import type { Channel, CreateCaseBody } from '@civic/shared';
import { DEMO_INTERSECTIONS, DEMO_LANDMARKS, DEMO_ROADS } from './data/index.ts';
import { STANDARD_LEAF_CATEGORIES } from '../categories/standard-catalogue.ts';

export type Random = () => number;

/** `{place}` is replaced by where the problem is. Keyed by 小类 code. */
export const DESCRIPTION_TEMPLATES: Readonly<Record<string, readonly string[]>> = {
  '0101': ['{place}有暴露垃圾堆放多日，气味难闻，请尽快清运', '{place}垃圾桶满溢，周边散落大量生活垃圾'],
  '0102': ['{place}有人长期堆放建材和杂物，占用人行道', '{place}废旧家具乱堆乱放，行人只能走机动车道'],
  '0103': ['{place}渣土车沿路撒漏，路面全是泥土，车辆经过尘土飞扬', '{place}夜间有渣土车未覆盖篷布，撒漏严重'],
  '0104': ['{place}路面油污和泥浆较多，长时间无人清扫', '{place}人行道上落叶和垃圾堆积，路面不洁'],
  '0105': ['{place}绿化带内积存大量垃圾和渣土，无人清理', '{place}空地上积存建筑垃圾，已经堆成小山'],
  '0201': ['{place}有流动摊贩占道经营，影响通行', '{place}早市摊位摆到机动车道上，早高峰堵车严重'],
  '0202': ['{place}多家商户在店外摆放货架经营，占用盲道', '{place}饭店把桌椅摆到人行道上经营，行人无法通过'],
  '0203': ['{place}有流动摊贩推三轮车卖水果，堵在路口', '{place}晚上聚集大量流动摊贩，噪音和垃圾都很多'],
  '0204': ['{place}夜市摊位超出划定范围，摆到了马路上', '{place}夜市过了营业时间还在经营，凌晨仍很吵'],
  '0205': ['{place}共享单车和电动车乱停放，堵住了人行道', '{place}大量电动车停在盲道上，老人出行不便'],
  '0301': ['{place}新装了一块大型户外广告牌，疑似未经审批', '{place}商户门头广告牌松动，大风天有坠落危险'],
  '0302': ['{place}电线杆和墙面贴满小广告，影响市容', '{place}有人在公交站牌上喷涂办证小广告'],
  '0303': ['{place}路边树上挂了多条商业宣传条幅', '{place}过街天桥上悬挂的条幅破损下垂，存在安全隐患'],
  '0401': ['{place}有人在楼顶搭建彩钢房，疑似违法建设', '{place}一层商户私自拆墙扩建，正在施工'],
  '0402': ['{place}工地夜间施工噪音很大，晚上十一点后仍在作业', '{place}工地凌晨打桩，周边居民无法休息'],
  '0403': ['{place}施工围挡占用半幅道路，未设置警示标志', '{place}管道施工挖开路面后长期未恢复'],
  '0404': ['{place}工地裸土未覆盖，刮风时扬尘严重', '{place}工地出入口车辆未冲洗，带泥上路'],
  '0501': ['{place}餐馆油烟直排，楼上住户无法开窗', '{place}烧烤店油烟净化器未开启，油烟很大'],
  '0502': ['{place}广场舞音响声音太大，晚上十点后还在放', '{place}商户用高音喇叭招揽顾客，噪音扰民'],
  '0503': ['{place}夜间有露天烧烤，烟雾很大', '{place}人行道上摆了好几个露天烧烤摊'],
  '0504': ['{place}有人焚烧垃圾和树叶，浓烟很大', '{place}空地上焚烧废旧轮胎，气味刺鼻'],
  '0601': ['{place}井盖缺失，只放了一个路锥，很危险', '{place}雨水井盖破损塌陷，车辆经过有危险'],
  '0602': ['{place}路面塌陷出现大坑，电动车容易摔倒', '{place}人行道地砖大面积松动破损'],
};

/** Addresses no gazetteer can place: the case must wait for a person to pin it. */
export const VAGUE_ADDRESSES: readonly string[] = [
  '城北那个菜市场旁边的小巷',
  '我家楼下的小卖部门口',
  '黄河边上那个烧烤摊附近',
  '老街口第三家店门前',
  '公交站后面那条没名字的小路',
  '去年新开的那个小区后门',
];

const ALONG_ANY = ['路段', '公交站附近', '路边', '人行道上'] as const;
const ALONG_NORTH_SOUTH = ['东侧人行道', '西侧', '东侧辅道', '西侧人行道'] as const;
const ALONG_EAST_WEST = ['南侧人行道', '北侧', '南侧辅道', '北侧人行道'] as const;
const CORNERS = ['', '东北角', '西南角', '东南角', '西北角', '往北50米', '往东100米'] as const;
const LANDMARK_SUFFIXES = ['北侧', '东门', '门口', '对面', '西侧', '南门附近', '停车场'] as const;
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '马', '朱'] as const;

export function pick<T>(random: Random, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)] ?? items[0];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

export function randomBetween(random: Random, min: number, max: number): number {
  return min + random() * (max - min);
}

export function pickChannel(random: Random): Channel {
  const r = random();
  if (r < 0.4) return 'hotline';
  if (r < 0.7) return 'web';
  if (r < 0.85) return 'letter_visit';
  return 'patrol';
}

export function describeProblem(random: Random, categoryCode: string, place: string, channel: Channel): string {
  const templates = DESCRIPTION_TEMPLATES[categoryCode] ?? ['{place}发现城市管理问题，请派人处理'];
  const text = pick(random, templates).replace('{place}', place);
  return channel === 'patrol' ? `巡查发现：${text}` : text;
}

/** "惠济区天河路与英才街交叉口", "英才街夜市疏导点北侧", "长兴路36号门前". */
export function gazetteerAddress(random: Random): string {
  const r = random();
  if (r < 0.4) {
    const [a, b] = pick(random, DEMO_INTERSECTIONS);
    const prefix = random() < 0.5 ? '惠济区' : '';
    return `${prefix}${a}与${b}交叉口${pick(random, CORNERS)}`;
  }
  if (r < 0.8) {
    return `${pick(random, DEMO_LANDMARKS).name}${pick(random, LANDMARK_SUFFIXES)}`;
  }
  return `${pick(random, DEMO_ROADS).name}${1 + Math.floor(random() * 200)}号门前`;
}

/** "江山路东侧人行道": the side named must fit the road's direction. */
export function placeNearRoad(random: Random, roadName: string, runsNorthSouth: boolean): string {
  const sides = runsNorthSouth ? ALONG_NORTH_SOUTH : ALONG_EAST_WEST;
  return `${roadName}${pick(random, random() < 0.5 ? ALONG_ANY : sides)}`;
}

/** Sometimes a caller leaves a name and number; a patrol never does. */
export function complainant(
  random: Random,
  channel: Channel,
): Pick<CreateCaseBody, 'complainantName' | 'complainantPhone'> {
  const share = channel === 'hotline' ? 0.7 : channel === 'letter_visit' ? 0.8 : channel === 'web' ? 0.3 : 0;
  if (random() >= share) return {};
  const name = `${pick(random, SURNAMES)}${random() < 0.5 ? '先生' : '女士'}`;
  const phone = `1380000${String(Math.floor(random() * 10000)).padStart(4, '0')}`;
  return { complainantName: name, complainantPhone: phone };
}

export function pickLeafCategory(random: Random): string {
  return pick(random, STANDARD_LEAF_CATEGORIES).code;
}
