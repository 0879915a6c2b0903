/**
 * The category catalogue (大类/小类) every deployment starts with, and each
 * 小类's time limit per stage. Seeded after migrations (seed-catalogue.ts);
 * administrators change it through the API afterwards, so a deployment's
 * catalogue is its own.
 *
 * APPROXIMATE, drawn by the project, not a published standard: a realistic
 * subset of what digital urban-management catalogues (数字化城市管理事件分类)
 * list for a 城管 bureau, with a two-digit 大类 code and a four-digit 小类
 * code. The limits follow the ranges cities publish (exposed garbage 1–4
 * working hours, road not clean 2–5, illegal construction stop-work 4 working
 * hours and demolition 15–20 working days); nuisances of the evening and the
 * night (vendors, barbecues, noise) run on wall-clock minutes, because they
 * happen outside office hours and cannot wait for the next working morning.
 * Priority: 1 urgent, 2 high, 3 normal, 4 low.
 */
import type { StageLimits, TimeLimit } from '@civic/shared';

export interface CatalogueCategory {
  code: string;
  /** null for a 大类 (top level). */
  parentCode: string | null;
  name: string;
  nameEn: string;
  priority: 1 | 2 | 3 | 4;
  /** Only 小类 carry limits: a case is filed under a 小类. */
  limits: StageLimits;
  /**
   * Words complainants use for this kind of problem, most telling first: what
   * the category suggestion matches a description against (with the name).
   */
  keywords?: readonly string[];
}

const m = (amount: number): TimeLimit => ({ amount, unit: 'minutes' });
const wh = (amount: number): TimeLimit => ({ amount, unit: 'working_hours' });
const wd = (amount: number): TimeLimit => ({ amount, unit: 'working_days' });

export const STANDARD_CATEGORIES: readonly CatalogueCategory[] = [
  { code: '01', parentCode: null, name: '市容环境', nameEn: 'City appearance and sanitation', priority: 3, limits: {} },
  {
    code: '0101',
    parentCode: '01',
    name: '暴露垃圾',
    nameEn: 'Exposed garbage',
    priority: 2,
    keywords: ['暴露垃圾', '生活垃圾', '垃圾桶', '满溢', '垃圾', '清运', '臭', '苍蝇'],
    limits: { register: m(30), arrive: wh(1), dispose: wh(2), close: wd(1) },
  },
  {
    code: '0102',
    parentCode: '01',
    name: '乱堆乱放',
    nameEn: 'Materials piled in public space',
    priority: 3,
    keywords: ['乱堆乱放', '堆放', '杂物', '建材', '废旧家具', '堆物', '占用楼道'],
    limits: { register: wh(1), arrive: wh(2), dispose: wd(1), close: wd(1) },
  },
  {
    code: '0103',
    parentCode: '01',
    name: '渣土撒漏',
    nameEn: 'Muck spilled from trucks',
    priority: 2,
    keywords: ['渣土车', '撒漏', '遗撒', '抛洒', '泥土', '篷布', '拉土车'],
    limits: { register: m(30), arrive: m(60), dispose: wh(2), close: wd(1) },
  },
  {
    code: '0104',
    parentCode: '01',
    name: '道路不洁',
    nameEn: 'Road not clean',
    priority: 3,
    keywords: ['道路不洁', '清扫', '油污', '泥浆', '落叶', '脏', '路面不洁', '保洁'],
    limits: { register: m(30), arrive: wh(2), dispose: wh(5), close: wd(1) },
  },
  {
    code: '0105',
    parentCode: '01',
    name: '积存垃圾渣土',
    nameEn: 'Accumulated garbage or muck',
    priority: 3,
    keywords: ['积存', '建筑垃圾', '渣土', '堆成', '陈年垃圾'],
    limits: { register: wh(1), arrive: wh(2), dispose: wd(1), close: wd(1) },
  },

  { code: '02', parentCode: null, name: '街面秩序', nameEn: 'Street order', priority: 3, limits: {} },
  {
    code: '0201',
    parentCode: '02',
    name: '占道经营',
    nameEn: 'Trading on the road or pavement',
    priority: 2,
    keywords: ['占道经营', '摊贩', '摆摊', '占道', '早市', '地摊', '卖菜', '出摊'],
    limits: { register: m(30), arrive: m(60), dispose: wh(4), close: wd(1) },
  },
  {
    code: '0202',
    parentCode: '02',
    name: '店外经营',
    nameEn: 'Trading outside the shop front',
    priority: 3,
    keywords: ['店外经营', '出店经营', '店外', '门口摆', '桌椅', '货架', '跨门'],
    limits: { register: wh(1), arrive: wh(2), dispose: wd(1), close: wd(1) },
  },
  {
    code: '0203',
    parentCode: '02',
    name: '流动摊贩',
    nameEn: 'Mobile street vendors',
    priority: 3,
    keywords: ['流动摊贩', '三轮车', '推车', '游商', '小贩', '流动'],
    limits: { register: m(30), arrive: m(60), dispose: wh(2), close: wd(1) },
  },
  {
    code: '0204',
    parentCode: '02',
    name: '夜市超时超范围经营',
    nameEn: 'Night market outside hours or area',
    priority: 3,
    keywords: ['夜市', '超时', '超范围', '营业时间', '凌晨'],
    limits: { register: m(30), arrive: m(60), dispose: m(180), close: wd(1) },
  },
  {
    code: '0205',
    parentCode: '02',
    name: '非机动车乱停放',
    nameEn: 'Bicycles and e-bikes parked in the way',
    priority: 4,
    keywords: ['共享单车', '电动车', '乱停', '乱放', '自行车', '停放', '盲道'],
    limits: { register: wh(1), arrive: wh(4), dispose: wd(1), close: wd(1) },
  },

  { code: '03', parentCode: null, name: '宣传广告', nameEn: 'Advertising and signage', priority: 4, limits: {} },
  {
    code: '0301',
    parentCode: '03',
    name: '户外广告',
    nameEn: 'Unauthorised outdoor advertising',
    priority: 3,
    keywords: ['户外广告', '广告牌', '门头', '招牌', '灯箱', '大牌'],
    limits: { register: wh(2), arrive: wd(1), dispose: wd(5), close: wd(2) },
  },
  {
    code: '0302',
    parentCode: '03',
    name: '违规张贴',
    nameEn: 'Fly-posting and graffiti ads',
    priority: 4,
    keywords: ['小广告', '张贴', '喷涂', '牛皮癣', '办证', '涂鸦', '贴满'],
    limits: { register: wh(2), arrive: wd(1), dispose: wd(2), close: wd(1) },
  },
  {
    code: '0303',
    parentCode: '03',
    name: '条幅标语',
    nameEn: 'Unauthorised banners',
    priority: 4,
    keywords: ['条幅', '横幅', '标语', '拉横幅'],
    limits: { register: wh(2), arrive: wd(1), dispose: wd(2), close: wd(1) },
  },

  { code: '04', parentCode: null, name: '施工管理', nameEn: 'Construction management', priority: 2, limits: {} },
  {
    code: '0401',
    parentCode: '04',
    name: '违法建设',
    nameEn: 'Illegal construction',
    priority: 1,
    keywords: ['违法建设', '违建', '搭建', '加盖', '扩建', '彩钢房', '私建', '违章'],
    limits: { register: wh(1), arrive: wh(4), dispose: wd(15), close: wd(3) },
  },
  {
    code: '0402',
    parentCode: '04',
    name: '施工噪音',
    nameEn: 'Construction noise',
    priority: 2,
    keywords: ['施工噪音', '夜间施工', '打桩', '工地', '机器声', '作业'],
    limits: { register: m(30), arrive: m(60), dispose: wh(4), close: wd(1) },
  },
  {
    code: '0403',
    parentCode: '04',
    name: '施工占道',
    nameEn: 'Construction occupying the road',
    priority: 2,
    keywords: ['施工占道', '围挡', '挖开', '开挖', '施工'],
    limits: { register: wh(1), arrive: wh(2), dispose: wd(1), close: wd(1) },
  },
  {
    code: '0404',
    parentCode: '04',
    name: '工地扬尘',
    nameEn: 'Construction site dust',
    priority: 2,
    keywords: ['扬尘', '裸土', '带泥', '冲洗', '覆盖', '尘土'],
    limits: { register: wh(1), arrive: wh(2), dispose: wd(1), close: wd(1) },
  },

  { code: '05', parentCode: null, name: '环境污染', nameEn: 'Environmental nuisance', priority: 3, limits: {} },
  {
    code: '0501',
    parentCode: '05',
    name: '餐饮油烟',
    nameEn: 'Restaurant cooking fumes',
    priority: 3,
    keywords: ['餐饮油烟', '油烟', '排烟', '烟道', '净化器', '饭店'],
    limits: { register: wh(1), arrive: wd(1), dispose: wd(5), close: wd(2) },
  },
  {
    code: '0502',
    parentCode: '05',
    name: '噪音扰民',
    nameEn: 'Noise nuisance',
    priority: 3,
    keywords: ['噪音扰民', '噪音', '广场舞', '音响', '喇叭', '吵', '扰民', '声音'],
    limits: { register: m(30), arrive: m(60), dispose: wh(4), close: wd(1) },
  },
  {
    code: '0503',
    parentCode: '05',
    name: '露天烧烤',
    nameEn: 'Open-air barbecue',
    priority: 3,
    keywords: ['露天烧烤', '烧烤', '烤串', '撸串', '炭火'],
    limits: { register: m(30), arrive: m(60), dispose: m(180), close: wd(1) },
  },
  {
    code: '0504',
    parentCode: '05',
    name: '焚烧垃圾',
    nameEn: 'Burning rubbish in the open',
    priority: 2,
    keywords: ['焚烧', '烧垃圾', '烧树叶', '浓烟', '烧轮胎', '烧东西'],
    limits: { register: m(15), arrive: m(30), dispose: m(120), close: wd(1) },
  },

  { code: '06', parentCode: null, name: '市政设施', nameEn: 'Municipal facilities', priority: 2, limits: {} },
  {
    code: '0601',
    parentCode: '06',
    name: '井盖缺损',
    nameEn: 'Missing or broken manhole cover',
    priority: 1,
    keywords: ['井盖', '窨井', '下水道盖', '雨水井'],
    limits: { register: m(15), arrive: m(30), dispose: wh(4), close: wd(1) },
  },
  {
    code: '0602',
    parentCode: '06',
    name: '道路破损',
    nameEn: 'Damaged road surface',
    priority: 2,
    keywords: ['道路破损', '大坑', '坑', '塌陷', '路面', '地砖', '破损', '坑洼'],
    limits: { register: wh(1), arrive: wd(1), dispose: wd(5), close: wd(2) },
  },
];

/** The 小类 (leaf) categories, which is what a case is filed under. */
export const STANDARD_LEAF_CATEGORIES: readonly CatalogueCategory[] = STANDARD_CATEGORIES.filter(
  (c) => c.parentCode !== null,
);
