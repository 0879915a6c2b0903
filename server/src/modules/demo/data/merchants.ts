/**
 * Shops and street vendors of the "one card, four colours" (一卡四色) pilot
 * area: the 刘寨 and 长兴路 sub-districts, as in the bureau's press report.
 *
 * APPROXIMATE DEMO DATA made up by the project, not the bureau's survey: the
 * shops, operators and phone numbers are invented (any likeness to a real
 * person or number is chance). Every merchant stands beside a demo road
 * (roads.ts), shops about 20 m from the centre line and vendors closer, inside
 * its sub-district (the seed refuses a point outside every sub-district, and
 * test/demo-seed.test.ts checks which one). The night-market vendors stand in
 * the 英才街 and 长兴路 vending points of zones.ts. Violations are dated back
 * from the day the seed runs; the seed grades them by the configured rules,
 * so the colours here are what those rules give (a few yellow, three orange).
 */
import type { MerchantKind } from '@civic/shared';
import { DEMO_ROADS } from './roads.ts';
import type { LngLatPair } from './subDistricts.ts';

const LIUZHAI = '410108001';
const CHANGXINGLU = '410108002';

/** The sub-districts of the pilot area, by code. */
export const PILOT_SUB_DISTRICT_CODES = [LIUZHAI, CHANGXINGLU] as const;

/** 占道经营 and 店外经营 (categories/standard-catalogue.ts): the violations the grade rules count. */
type DemoViolationType = '0201' | '0202';

export interface DemoMerchant {
  name: string;
  kind: MerchantKind;
  businessType: string;
  operatorName: string;
  operatorPhone: string;
  road: string;
  point: LngLatPair;
  subDistrictCode: (typeof PILOT_SUB_DISTRICT_CODES)[number];
  address: string;
  storefrontDescription: string;
  businessTools: string | null;
  /** 温馨提示卡: handed over this many days before the seed ran, by this squad. */
  card?: { daysAgo: number; by: string };
  /** Confirmed violations, oldest first, this many days before the seed ran. */
  violations?: readonly { type: DemoViolationType; daysAgo: number; note: string }[];
}

/** The pilot survey (摸底登记) was done this many days before the seed ran. */
export const DEMO_SURVEY_DAYS_AGO = 150;

const roadByName = new Map(DEMO_ROADS.map((r) => [r.name, r]));

/**
 * A point beside a demo road: `at` is the longitude along an east–west road
 * or the latitude along a north–south one, and `sideM` metres off the centre
 * line (north or east when positive). Metres per degree as zones.ts uses them.
 */
function beside(roadName: string, at: number, sideM: number): LngLatPair {
  const road = roadByName.get(roadName);
  if (!road) throw new Error(`demo merchants: no demo road ${roadName}`);
  const line = road.line;
  const first = line[0]!;
  const last = line.at(-1)!;
  const eastWest = Math.abs(last[0] - first[0]) > Math.abs(last[1] - first[1]);
  // [along the road, across it] for a vertex.
  const split = ([lng, lat]: LngLatPair): [number, number] => (eastWest ? [lng, lat] : [lat, lng]);
  for (let i = 1; i < line.length; i++) {
    const [a0, a1] = split(line[i - 1]!);
    const [b0, b1] = split(line[i]!);
    if (at < a0 || at > b0) continue;
    const across = a1 + ((at - a0) / (b0 - a0)) * (b1 - a1);
    const round = (value: number) => Math.round(value * 1e6) / 1e6;
    return eastWest ? [round(at), round(across + sideM / 110_950)] : [round(across + sideM / 91_400), round(at)];
  }
  throw new Error(`demo merchants: ${at} is off the end of ${roadName}`);
}

type Row = Omit<DemoMerchant, 'point' | 'road' | 'kind'> & { on: [road: string, at: number, sideM: number] };

const shop = (row: Row): DemoMerchant => place('shop', row);
const vendor = (row: Row): DemoMerchant => place('street_vendor', row);
function place(kind: MerchantKind, { on, ...rest }: Row): DemoMerchant {
  return { kind, road: on[0], point: beside(...on), ...rest };
}

const LZ_SQUAD = '刘寨执法中队';
const CX_SQUAD = '长兴路执法中队';

export const DEMO_MERCHANTS: readonly DemoMerchant[] = [
  // 刘寨街道 · 英才街, west to east.
  shop({
    name: '老王烩面馆',
    businessType: '餐饮',
    operatorName: '王建国',
    operatorPhone: '13903710158',
    on: ['英才街', 113.6075, 22],
    subDistrictCode: LIUZHAI,
    address: '惠济区英才街18号',
    storefrontDescription: '红底黄字“老王烩面”招牌，两开间，门前三级台阶',
    businessTools: '门口蒸柜一台',
    card: { daysAgo: 140, by: LZ_SQUAD },
  }),
  shop({
    name: '英才便利店',
    businessType: '百货',
    operatorName: '李秀英',
    operatorPhone: '13837102264',
    on: ['英才街', 113.6098, -20],
    subDistrictCode: LIUZHAI,
    address: '惠济区英才街23号',
    storefrontDescription: '蓝白色灯箱招牌，单开间玻璃门',
    businessTools: '门口饮料冰柜一台',
  }),
  shop({
    name: '鲜果时光水果店',
    businessType: '水果',
    operatorName: '赵丽',
    operatorPhone: '15093710377',
    on: ['英才街', 113.6123, 20],
    subDistrictCode: LIUZHAI,
    address: '惠济区英才街36号',
    storefrontDescription: '绿色招牌，卷帘门，门前摆放水果货架',
    businessTools: '水果货架三组',
    card: { daysAgo: 140, by: LZ_SQUAD },
    violations: [
      { type: '0202', daysAgo: 96, note: '水果货架摆出门外占用人行道' },
      { type: '0202', daysAgo: 41, note: '再次出店经营，货架摆至盲道' },
    ],
  }),
  shop({
    name: '刘寨胡辣汤',
    businessType: '早点',
    operatorName: '刘长春',
    operatorPhone: '13598710412',
    on: ['英才街', 113.6141, -22],
    subDistrictCode: LIUZHAI,
    address: '惠济区英才街41号',
    storefrontDescription: '白底红字招牌，门前有遮阳棚',
    businessTools: '遮阳棚一个，折叠桌椅四套',
    card: { daysAgo: 139, by: LZ_SQUAD },
    violations: [{ type: '0202', daysAgo: 63, note: '早高峰在门外人行道摆放桌椅' }],
  }),
  shop({
    name: '好运来百货',
    businessType: '百货',
    operatorName: '陈国强',
    operatorPhone: '13783710539',
    on: ['英才街', 113.6165, 21],
    subDistrictCode: LIUZHAI,
    address: '惠济区英才街52号',
    storefrontDescription: '黄色大招牌，三开间',
    businessTools: '门口货架两组',
  }),
  shop({
    name: '小马烧烤',
    businessType: '烧烤',
    operatorName: '马俊',
    operatorPhone: '18638710621',
    on: ['英才街', 113.6188, -21],
    subDistrictCode: LIUZHAI,
    address: '惠济区英才街57号',
    storefrontDescription: '黑底霓虹灯招牌“小马烧烤”',
    businessTools: '烤炉一台，户外桌椅八套',
    card: { daysAgo: 138, by: LZ_SQUAD },
  }),
  shop({
    name: '阿芳理发店',
    businessType: '美发',
    operatorName: '周芳',
    operatorPhone: '13673710745',
    on: ['英才街', 113.6212, 20],
    subDistrictCode: LIUZHAI,
    address: '惠济区英才街66号',
    storefrontDescription: '红蓝旋转灯柱，单开间',
    businessTools: null,
  }),
  shop({
    name: '天天早点',
    businessType: '早点',
    operatorName: '孙立新',
    operatorPhone: '15137100812',
    on: ['英才街', 113.6228, -22],
    subDistrictCode: LIUZHAI,
    address: '惠济区英才街71号',
    storefrontDescription: '白色灯箱招牌，门前蒸笼台',
    businessTools: '蒸笼台一个',
  }),
  // 英才街夜市疏导点 (zones.ts): stalls on the north side of the road.
  vendor({
    name: '张记臭豆腐',
    businessType: '小吃',
    operatorName: '张桂兰',
    operatorPhone: '13526710903',
    on: ['英才街', 113.6269, 10],
    subDistrictCode: LIUZHAI,
    address: '英才街夜市疏导点1号摊位',
    storefrontDescription: '白色推车，红色“张记臭豆腐”灯牌',
    businessTools: '小吃推车一辆，液化气罐一个',
    card: { daysAgo: 137, by: LZ_SQUAD },
  }),
  vendor({
    name: '李姐凉皮',
    businessType: '小吃',
    operatorName: '李红梅',
    operatorPhone: '13938711025',
    on: ['英才街', 113.6274, 12],
    subDistrictCode: LIUZHAI,
    address: '英才街夜市疏导点2号摊位',
    storefrontDescription: '蓝色雨棚下的手推车',
    businessTools: '手推车一辆，折叠桌两张',
    card: { daysAgo: 137, by: LZ_SQUAD },
  }),
  vendor({
    name: '老高炒凉粉',
    businessType: '小吃',
    operatorName: '高建设',
    operatorPhone: '15838711187',
    on: ['英才街', 113.6279, 10],
    subDistrictCode: LIUZHAI,
    address: '英才街夜市疏导点3号摊位',
    storefrontDescription: '铁板车，手写纸板招牌',
    businessTools: '铁板车一辆',
    card: { daysAgo: 137, by: LZ_SQUAD },
  }),
  vendor({
    name: '夜市水果摊',
    businessType: '水果',
    operatorName: '吴小燕',
    operatorPhone: '18736711243',
    on: ['英才街', 113.6284, 12],
    subDistrictCode: LIUZHAI,
    address: '英才街夜市疏导点4号摊位',
    storefrontDescription: '三轮车斗改成的果摊，挂一串小灯泡',
    businessTools: '电动三轮车一辆，遮阳伞一把',
    card: { daysAgo: 137, by: LZ_SQUAD },
  }),
  vendor({
    name: '老杨羊肉串',
    businessType: '烧烤',
    operatorName: '杨志军',
    operatorPhone: '13503711368',
    on: ['英才街', 113.6289, 10],
    subDistrictCode: LIUZHAI,
    address: '英才街夜市疏导点5号摊位',
    storefrontDescription: '长条烤炉，挂“新疆羊肉串”布幌',
    businessTools: '烤炉一台，塑料凳十个',
  }),
  vendor({
    name: '饰品小摊',
    businessType: '百货',
    operatorName: '何静',
    operatorPhone: '17703711429',
    on: ['英才街', 113.6292, 14],
    subDistrictCode: LIUZHAI,
    address: '英才街夜市疏导点6号摊位',
    storefrontDescription: '折叠架挂满发饰和手机壳',
    businessTools: '折叠货架两个',
  }),
  shop({
    name: '惠民药房',
    businessType: '医药',
    operatorName: '郑伟',
    operatorPhone: '13849711571',
    on: ['英才街', 113.6308, -21],
    subDistrictCode: LIUZHAI,
    address: '惠济区英才街98号',
    storefrontDescription: '绿十字灯箱，双开间玻璃门',
    businessTools: null,
  }),
  shop({
    name: '甜心奶茶',
    businessType: '饮品',
    operatorName: '黄晓琳',
    operatorPhone: '15639711634',
    on: ['英才街', 113.6318, 20],
    subDistrictCode: LIUZHAI,
    address: '惠济区英才街105号',
    storefrontDescription: '粉色灯箱招牌，窗口式售卖',
    businessTools: '门口点单台一个',
  }),
  shop({
    name: '老街修车铺',
    businessType: '维修',
    operatorName: '冯大军',
    operatorPhone: '13007711752',
    on: ['英才街', 113.6332, -20],
    subDistrictCode: LIUZHAI,
    address: '惠济区英才街116号',
    storefrontDescription: '手写“补胎 修车”铁皮招牌',
    businessTools: '打气泵一台，修车工具架',
  }),
  // 刘寨街道 · 天河路, south to north (west side negative).
  vendor({
    name: '校门口煎饼果子',
    businessType: '早点',
    operatorName: '韩秀芝',
    operatorPhone: '15517711836',
    on: ['天河路', 34.8252, -12],
    subDistrictCode: LIUZHAI,
    address: '天河路小学南门西侧',
    storefrontDescription: '白色三轮餐车，车身贴“煎饼果子”',
    businessTools: '三轮餐车一辆',
    card: { daysAgo: 136, by: LZ_SQUAD },
    violations: [
      { type: '0201', daysAgo: 88, note: '上学时段在校门口占道经营' },
      { type: '0201', daysAgo: 30, note: '劝离后再次在校门口占道经营' },
    ],
  }),
  vendor({
    name: '烤红薯',
    businessType: '小吃',
    operatorName: '曹福生',
    operatorPhone: '13613711904',
    on: ['天河路', 34.8258, -14],
    subDistrictCode: LIUZHAI,
    address: '天河路小学北门对面',
    storefrontDescription: '铁桶烤炉装在三轮车上',
    businessTools: '三轮车一辆，铁桶烤炉一个',
    card: { daysAgo: 136, by: LZ_SQUAD },
    violations: [{ type: '0201', daysAgo: 52, note: '放学时段在人行道占道经营' }],
  }),
  shop({
    name: '学生文具店',
    businessType: '百货',
    operatorName: '彭丽华',
    operatorPhone: '13783712019',
    on: ['天河路', 34.8262, -24],
    subDistrictCode: LIUZHAI,
    address: '惠济区天河路125号',
    storefrontDescription: '黄底黑字招牌“学生文具”',
    businessTools: '门口文具架一个',
  }),
  shop({
    name: '天河路五金店',
    businessType: '五金',
    operatorName: '谢建平',
    operatorPhone: '13937712155',
    on: ['天河路', 34.8185, 22],
    subDistrictCode: LIUZHAI,
    address: '惠济区天河路80号',
    storefrontDescription: '灰色门头，卷帘门',
    businessTools: '门前样品架',
  }),
  shop({
    name: '豫香饺子馆',
    businessType: '餐饮',
    operatorName: '袁丽',
    operatorPhone: '15890712236',
    on: ['天河路', 34.8208, -22],
    subDistrictCode: LIUZHAI,
    address: '惠济区天河路93号',
    storefrontDescription: '木纹门头，挂两盏红灯笼',
    businessTools: null,
  }),
  shop({
    name: '天河洗车',
    businessType: '汽车服务',
    operatorName: '邓强',
    operatorPhone: '18539712347',
    on: ['天河路', 34.8228, 24],
    subDistrictCode: LIUZHAI,
    address: '惠济区天河路106号',
    storefrontDescription: '蓝色大招牌，门前空地洗车',
    businessTools: '高压洗车机一台',
    card: { daysAgo: 135, by: LZ_SQUAD },
    // Two different violations: under 'same_type' the second is not "the same again", so it stays yellow.
    violations: [
      { type: '0202', daysAgo: 75, note: '在门外人行道洗车' },
      { type: '0201', daysAgo: 22, note: '洗车设备摆上非机动车道' },
    ],
  }),
  vendor({
    name: '修鞋配钥匙',
    businessType: '维修',
    operatorName: '钱永福',
    operatorPhone: '13213712509',
    on: ['天河路', 34.8322, -10],
    subDistrictCode: LIUZHAI,
    address: '天河路与英才街交叉口西北角',
    storefrontDescription: '一只木工具箱和一把太阳伞',
    businessTools: '工具箱一个，遮阳伞一把',
  }),
  shop({
    name: '花语鲜花坊',
    businessType: '花卉',
    operatorName: '许静',
    operatorPhone: '13598712418',
    on: ['天河路', 34.8338, 21],
    subDistrictCode: LIUZHAI,
    address: '惠济区天河路161号',
    storefrontDescription: '白色门头，橱窗摆满鲜花',
    businessTools: '门口花架两个',
  }),
  // 刘寨街道 · 江山路, around 江山路菜市场 (east side positive).
  vendor({
    name: '早市菜摊',
    businessType: '蔬菜',
    operatorName: '罗秀珍',
    operatorPhone: '15136712688',
    on: ['江山路', 34.8178, 12],
    subDistrictCode: LIUZHAI,
    address: '江山路菜市场门口',
    storefrontDescription: '地上铺塑料布摆菜',
    businessTools: '塑料布，电子秤一台',
    card: { daysAgo: 134, by: LZ_SQUAD },
    violations: [{ type: '0201', daysAgo: 34, note: '在菜市场门口机动车道旁摆摊' }],
  }),
  vendor({
    name: '土鸡蛋',
    businessType: '副食',
    operatorName: '梁忠厚',
    operatorPhone: '13676712734',
    on: ['江山路', 34.8184, 11],
    subDistrictCode: LIUZHAI,
    address: '江山路菜市场北侧',
    storefrontDescription: '电动三轮车斗上摆着蛋箱',
    businessTools: '电动三轮车一辆',
  }),
  shop({
    name: '老刘卤肉',
    businessType: '熟食',
    operatorName: '刘振华',
    operatorPhone: '13838712851',
    on: ['江山路', 34.8192, 22],
    subDistrictCode: LIUZHAI,
    address: '惠济区江山路58号',
    storefrontDescription: '红色“老刘卤肉”招牌',
    businessTools: '玻璃熟食柜一个',
  }),
  shop({
    name: '江山粮油店',
    businessType: '粮油',
    operatorName: '宋玉兰',
    operatorPhone: '15037712962',
    on: ['江山路', 34.8166, -21],
    subDistrictCode: LIUZHAI,
    address: '惠济区江山路45号',
    storefrontDescription: '黄色门头，门前堆着米面袋',
    businessTools: '门口米面堆放',
  }),
  shop({
    name: '江山面馆',
    businessType: '餐饮',
    operatorName: '唐勇',
    operatorPhone: '13525713076',
    on: ['江山路', 34.8245, 21],
    subDistrictCode: LIUZHAI,
    address: '惠济区江山路77号',
    storefrontDescription: '蓝底白字招牌',
    businessTools: null,
  }),
  shop({
    name: '邻里快递驿站',
    businessType: '快递',
    operatorName: '韩磊',
    operatorPhone: '17339713143',
    on: ['江山路', 34.8268, -20],
    subDistrictCode: LIUZHAI,
    address: '惠济区江山路89号',
    storefrontDescription: '橙色门头，门口堆放快递',
    businessTools: '门口货架',
  }),
  // 刘寨街道 · 长兴路 (north side positive).
  shop({
    name: '长兴烟酒店',
    businessType: '烟酒',
    operatorName: '董国庆',
    operatorPhone: '13903713217',
    on: ['长兴路', 113.6085, 20],
    subDistrictCode: LIUZHAI,
    address: '惠济区长兴路22号',
    storefrontDescription: '红色门头“名烟名酒”',
    businessTools: null,
  }),
  shop({
    name: '兰州拉面',
    businessType: '餐饮',
    operatorName: '马福海',
    operatorPhone: '13838713388',
    on: ['长兴路', 113.6172, -21],
    subDistrictCode: LIUZHAI,
    address: '惠济区长兴路51号',
    storefrontDescription: '绿色清真招牌',
    businessTools: null,
    card: { daysAgo: 133, by: LZ_SQUAD },
  }),
  shop({
    name: '刘寨果蔬超市',
    businessType: '水果',
    operatorName: '潘红',
    operatorPhone: '15238713459',
    on: ['长兴路', 113.6214, 21],
    subDistrictCode: LIUZHAI,
    address: '惠济区长兴路68号',
    storefrontDescription: '黄绿相间大招牌，双开间',
    businessTools: '门口果蔬架三组',
  }),
  shop({
    name: '川味麻辣烫',
    businessType: '餐饮',
    operatorName: '蒋丽',
    operatorPhone: '13598713521',
    on: ['长兴路', 113.6296, -20],
    subDistrictCode: LIUZHAI,
    address: '惠济区长兴路95号',
    storefrontDescription: '红色灯箱“麻辣烫”',
    businessTools: null,
  }),

  // 长兴路街道 · 长兴路, west to east; 长兴路便民疏导点 (zones.ts) by the metro station.
  shop({
    name: '长兴家电维修',
    businessType: '维修',
    operatorName: '傅强',
    operatorPhone: '13137714028',
    on: ['长兴路', 113.6385, 21],
    subDistrictCode: CHANGXINGLU,
    address: '惠济区长兴路120号',
    storefrontDescription: '蓝色门头',
    businessTools: '门口维修台',
  }),
  shop({
    name: '惠客隆超市',
    businessType: '百货',
    operatorName: '沈丽娟',
    operatorPhone: '15837714190',
    on: ['长兴路', 113.6432, -22],
    subDistrictCode: CHANGXINGLU,
    address: '惠济区长兴路137号',
    storefrontDescription: '红色大招牌，三开间',
    businessTools: '门口促销花车两辆',
  }),
  shop({
    name: '长兴烧烤城',
    businessType: '烧烤',
    operatorName: '姚刚',
    operatorPhone: '13803714257',
    on: ['长兴路', 113.6458, 22],
    subDistrictCode: CHANGXINGLU,
    address: '惠济区长兴路146号',
    storefrontDescription: '霓虹灯大招牌',
    businessTools: '烤炉两台，户外桌椅',
    card: { daysAgo: 132, by: CX_SQUAD },
  }),
  vendor({
    name: '地铁口煎饼',
    businessType: '早点',
    operatorName: '卢建军',
    operatorPhone: '13949713961',
    on: ['长兴路', 113.6502, -12],
    subDistrictCode: CHANGXINGLU,
    address: '长兴路地铁站B口东侧',
    storefrontDescription: '三轮餐车，挂“杂粮煎饼”灯牌',
    businessTools: '三轮餐车一辆',
    card: { daysAgo: 132, by: CX_SQUAD },
    violations: [
      { type: '0201', daysAgo: 104, note: '在地铁出入口占道经营，疏导点外' },
      { type: '0201', daysAgo: 27, note: '再次在地铁出入口占道经营' },
    ],
  }),
  vendor({
    name: '豆浆油条车',
    businessType: '早点',
    operatorName: '田淑芬',
    operatorPhone: '13783713645',
    on: ['长兴路', 113.6514, 8],
    subDistrictCode: CHANGXINGLU,
    address: '长兴路便民疏导点1号位',
    storefrontDescription: '不锈钢早餐车，“豆浆油条”',
    businessTools: '早餐车一辆',
    card: { daysAgo: 131, by: CX_SQUAD },
  }),
  vendor({
    name: '手机贴膜',
    businessType: '维修',
    operatorName: '石磊',
    operatorPhone: '18838713712',
    on: ['长兴路', 113.6519, 8],
    subDistrictCode: CHANGXINGLU,
    address: '长兴路便民疏导点2号位',
    storefrontDescription: '小折叠桌上摆着贴膜样品',
    businessTools: '折叠桌一张',
  }),
  vendor({
    name: '鲜榨果汁',
    businessType: '饮品',
    operatorName: '余晓梅',
    operatorPhone: '15617713836',
    on: ['长兴路', 113.6524, -8],
    subDistrictCode: CHANGXINGLU,
    address: '长兴路便民疏导点3号位',
    storefrontDescription: '白色小推车，挂果汁价目牌',
    businessTools: '推车一辆，榨汁机一台',
  }),
  shop({
    name: '老妈米线',
    businessType: '餐饮',
    operatorName: '廖芳',
    operatorPhone: '18237714311',
    on: ['长兴路', 113.6555, -21],
    subDistrictCode: CHANGXINGLU,
    address: '惠济区长兴路181号',
    storefrontDescription: '黄色灯箱招牌',
    businessTools: null,
  }),
  shop({
    name: '长兴大药房',
    businessType: '医药',
    operatorName: '金晓东',
    operatorPhone: '13592714472',
    on: ['长兴路', 113.6588, 21],
    subDistrictCode: CHANGXINGLU,
    address: '惠济区长兴路195号',
    storefrontDescription: '绿十字灯箱',
    businessTools: null,
  }),
  shop({
    name: '聚福源饭庄',
    businessType: '餐饮',
    operatorName: '汪德明',
    operatorPhone: '13938714546',
    on: ['长兴路', 113.6625, -22],
    subDistrictCode: CHANGXINGLU,
    address: '惠济区长兴路208号',
    storefrontDescription: '仿古木门头，挂红灯笼',
    businessTools: null,
    card: { daysAgo: 130, by: CX_SQUAD },
  }),
  shop({
    name: '长兴水果批发',
    businessType: '水果',
    operatorName: '范春花',
    operatorPhone: '15188714683',
    on: ['长兴路', 113.6652, 22],
    subDistrictCode: CHANGXINGLU,
    address: '惠济区长兴路219号',
    storefrontDescription: '蓝色雨棚，门前堆放水果筐',
    businessTools: '水果筐若干',
  }),
  // 长兴路街道 · 英才街.
  shop({
    name: '弓寨面馆',
    businessType: '餐饮',
    operatorName: '邹建华',
    operatorPhone: '13623714729',
    on: ['英才街', 113.6385, 21],
    subDistrictCode: CHANGXINGLU,
    address: '惠济区英才街128号',
    storefrontDescription: '白底蓝字招牌',
    businessTools: null,
  }),
  shop({
    name: '英才街菜店',
    businessType: '蔬菜',
    operatorName: '熊秀云',
    operatorPhone: '13783714855',
    on: ['英才街', 113.6412, -20],
    subDistrictCode: CHANGXINGLU,
    address: '惠济区英才街135号',
    storefrontDescription: '绿色门头，门前菜架',
    businessTools: '菜架两组',
  }),
  shop({
    name: '京味烤鸭',
    businessType: '熟食',
    operatorName: '孟庆祥',
    operatorPhone: '15093714917',
    on: ['英才街', 113.6438, 21],
    subDistrictCode: CHANGXINGLU,
    address: '惠济区英才街142号',
    storefrontDescription: '红色“北京烤鸭”灯箱',
    businessTools: '烤炉一台',
  }),
  vendor({
    name: '流动西瓜车',
    businessType: '水果',
    operatorName: '秦大勇',
    operatorPhone: '18503715038',
    on: ['英才街', 113.6535, 10],
    subDistrictCode: CHANGXINGLU,
    address: '英才街京广快速路桥东侧',
    storefrontDescription: '农用三轮车满载西瓜',
    businessTools: '农用三轮车一辆，遮阳伞一把',
    card: { daysAgo: 129, by: CX_SQUAD },
    violations: [{ type: '0201', daysAgo: 45, note: '在非机动车道停车卖瓜' }],
  }),
  shop({
    name: '贝贝童装',
    businessType: '服装',
    operatorName: '尹雪',
    operatorPhone: '13017715166',
    on: ['英才街', 113.6568, -21],
    subDistrictCode: CHANGXINGLU,
    address: '惠济区英才街170号',
    storefrontDescription: '粉色门头',
    businessTools: '门口衣架一个',
  }),
  // 长兴路街道 · 文化北路, by 文化北路农贸市场 (west side negative).
  shop({
    name: '文化北路早点铺',
    businessType: '早点',
    operatorName: '雷红英',
    operatorPhone: '15890715421',
    on: ['文化北路', 34.8215, 21],
    subDistrictCode: CHANGXINGLU,
    address: '惠济区文化北路31号',
    storefrontDescription: '白色灯箱“包子 豆浆”',
    businessTools: '门口蒸笼台',
  }),
  shop({
    name: '鑫源五金建材',
    businessType: '五金',
    operatorName: '方建新',
    operatorPhone: '13938715569',
    on: ['文化北路', 34.8248, -22],
    subDistrictCode: CHANGXINGLU,
    address: '惠济区文化北路40号',
    storefrontDescription: '灰色门头，门前堆放管材',
    businessTools: '门前堆放建材',
  }),
  shop({
    name: '电动车维修',
    businessType: '维修',
    operatorName: '龙海',
    operatorPhone: '18637715634',
    on: ['文化北路', 34.8282, 21],
    subDistrictCode: CHANGXINGLU,
    address: '惠济区文化北路49号',
    storefrontDescription: '红色手写招牌',
    businessTools: '门口维修工位',
  }),
  vendor({
    name: '烤冷面',
    businessType: '小吃',
    operatorName: '白玉',
    operatorPhone: '17703715782',
    on: ['文化北路', 34.8305, -10],
    subDistrictCode: CHANGXINGLU,
    address: '文化北路弓寨社区门口',
    storefrontDescription: '带铁板的小推车',
    businessTools: '推车一辆',
  }),
  vendor({
    name: '农贸市场门口菜摊',
    businessType: '蔬菜',
    operatorName: '万桂香',
    operatorPhone: '13526715242',
    on: ['文化北路', 34.8355, -12],
    subDistrictCode: CHANGXINGLU,
    address: '文化北路农贸市场东门',
    storefrontDescription: '地摊，竹筐装菜',
    businessTools: '竹筐四个，电子秤一台',
  }),
  shop({
    name: '鲜活水产',
    businessType: '水产',
    operatorName: '段志刚',
    operatorPhone: '13837715378',
    on: ['文化北路', 34.8362, -22],
    subDistrictCode: CHANGXINGLU,
    address: '惠济区文化北路66号',
    storefrontDescription: '蓝色门头，门口水箱',
    businessTools: '门口水箱两个',
  }),
  // 长兴路街道 · 京广快速路 (under and beside the elevated road).
  vendor({
    name: '桥下早点',
    businessType: '早点',
    operatorName: '汤春梅',
    operatorPhone: '15517715913',
    on: ['京广快速路', 34.8165, -15],
    subDistrictCode: CHANGXINGLU,
    address: '京广快速路与长兴路交叉口西北',
    storefrontDescription: '早餐三轮车',
    businessTools: '三轮车一辆',
  }),
  vendor({
    name: '桥下修车',
    businessType: '维修',
    operatorName: '常德胜',
    operatorPhone: '13503715846',
    on: ['京广快速路', 34.8205, 15],
    subDistrictCode: CHANGXINGLU,
    address: '京广快速路桥下(长兴路北)',
    storefrontDescription: '帆布棚和一台打气泵',
    businessTools: '打气泵一台，帆布棚',
  }),
  shop({
    name: '弓寨便利店',
    businessType: '百货',
    operatorName: '武小军',
    operatorPhone: '13603716057',
    on: ['京广快速路', 34.8262, -25],
    subDistrictCode: CHANGXINGLU,
    address: '惠济区京广快速路辅道26号',
    storefrontDescription: '红底白字招牌，单开间',
    businessTools: null,
  }),
];
