/**
 * A parser for the Chinese addresses people actually give: from large to
 * small (省 市 区 街道/镇 社区/村 路 号 楼 栋 单元 室), often with levels
 * missing, as an intersection ("天河路与英才街交叉口") or a landmark with a
 * side ("万达广场北门", "小区东侧", "学校对面"), with full-width digits,
 * Chinese numerals, hotline filler ("市民反映在…有人占道") and abbreviations.
 *
 * It answers a structure and never decides what exists: the geocoder checks
 * each part against the gazetteer and tolerates the small typos here. The
 * grammar runs on the suffixes that mark each level (路/街/大道, 号, 栋, 街道,
 * 镇, 社区, 村), which a regular grammar follows exactly; a word segmenter
 * (jieba) splits unknown local names such as 英才街 or 杨君刘 unpredictably
 * and adds nothing here, so none is used.
 */

export type Direction = 'north' | 'south' | 'east' | 'west' | 'northeast' | 'northwest' | 'southeast' | 'southwest';

/** Where the place is relative to the named one. */
export interface Side {
  /** As written: "北门", "东侧", "对面", "附近". */
  text: string;
  direction?: Direction;
  /** 对面 (across the street), 旁边/附近 (near), 门 (an entrance), 角 (a corner), 内 (inside). */
  relation?: 'opposite' | 'near' | 'entrance' | 'corner' | 'inside' | 'side';
}

/** "往北100米": a walk from the named place, which the geocoder applies. */
export interface Offset {
  direction: Direction;
  metres: number;
}

export interface ParsedAddress {
  /** The text after clean-up: half-width, no spaces, Chinese numerals before 号/栋/室 as digits. */
  normalized: string;
  province?: string;
  city?: string;
  district?: string;
  /** 街道 or 镇/乡, e.g. 刘寨街道, 花园口镇. */
  subDistrict?: string;
  /** 社区 or 村, e.g. 英才社区, 八堡村. */
  community?: string;
  road?: string;
  /** As written, digits only with an optional "-n" or "附n": "123", "12-3". */
  houseNumber?: string;
  /** 栋/号楼/单元/室/层 as written after the house number or landmark, e.g. "3号楼2单元501室". */
  building?: string;
  /** Both roads of an intersection. */
  intersection?: [string, string];
  /** Other ways to read the intersection ("天河路和平路口": 天河路 × 平路 or 天河路 × 和平路). */
  intersectionAlternatives?: [string, string][];
  landmark?: string;
  side?: Side;
  offset?: Offset;
  /** What is left over, e.g. the complaint itself in a hotline transcript. */
  remainder?: string;
}

// Clean-up ----------------------------------------------------------------------

const CN_DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  幺: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const CN_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/**
 * "一百二十三" → 123, "十五" → 15, "三〇五" / "三零五" → 305 (read digit by
 * digit, as numbers are said on the phone), "两千零八" → 2008.
 */
export function chineseNumeral(text: string): number | undefined {
  if (text.length === 0) return undefined;
  if (![...text].some((ch) => ch in CN_UNITS)) {
    let value = 0;
    for (const ch of text) {
      const digit = CN_DIGITS[ch];
      if (digit === undefined) return undefined;
      value = value * 10 + digit;
    }
    return value;
  }
  let total = 0;
  let digit: number | undefined;
  for (const ch of text) {
    if (ch in CN_DIGITS) {
      digit = CN_DIGITS[ch];
    } else if (ch in CN_UNITS) {
      total += (digit ?? 1) * CN_UNITS[ch]!;
      digit = undefined;
    } else {
      return undefined;
    }
  }
  return total + (digit ?? 0);
}

const NUMERAL = '[零〇一幺二两三四五六七八九十百千]+';
/** Units after which a Chinese numeral is a number, not part of a name (北三环, 二七区 stay as they are). */
const NUMBERED_UNIT = '(?:号(?!线)|栋|幢|座|单元|室|层|楼|排|组|米)';

/**
 * Full-width to half-width, no spaces, unified punctuation, Chinese numerals
 * before 号/栋/单元/室/米 as digits, "#" as 号. Gazetteer names go through the
 * same function on import, so both sides compare alike.
 */
export function normalizeText(raw: string): string {
  return (
    raw
      .normalize('NFKC')
      .toUpperCase()
      .replace(/[\s\u3000]+/g, '')
      // NFKC leaves these as they are.
      .replace(/[－—–―~～]/g, '-')
      .replace(/[（【\[〔{]/g, '(')
      .replace(/[）】\]〕}]/g, ')')
      .replace(/[，。；！？,;!?"“”'‘’《》<>]/g, ' ')
      .replace(/：/g, ':')
      .replace(/(\d+)#/g, '$1号')
      .replace(/#(\d+)/g, '$1号')
      .replace(new RegExp(`第?(${NUMERAL})(?=${NUMBERED_UNIT})`, 'g'), (match: string, numeral: string) => {
        const value = chineseNumeral(numeral);
        return value === undefined ? match : String(value);
      })
      .replace(/ +/g, ' ')
      .trim()
  );
}

// Vocabulary ----------------------------------------------------------------------

// Other provinces and cities are read too, so that the geocoder can tell an
// address elsewhere from one here ("开封市…", "北京市朝阳区…").
const PROVINCE = /^(河南省|河南|[\u4e00-\u9fff]{2,3}?省|[\u4e00-\u9fff]{2,6}?自治区)/;
const CITY = /^(郑州市|郑州|[\u4e00-\u9fff]{2,3}?市(?!场))/;
/** A district of a city other than Zhengzhou. */
const OTHER_DISTRICT = /^([\u4e00-\u9fff]{1,4}?[区县])(?!政府|人民)/;
/** Zhengzhou's districts; "惠济" alone is the usual abbreviation. */
const DISTRICT =
  /^(惠济区|惠济|金水区|中原区|二七区|管城回族区|管城区|上街区|郑东新区|高新技术产业开发区|高新区|经济技术开发区|经开区|航空港区)/;
const DISTRICT_FULL: Record<string, string> = { 惠济: '惠济区' };
const CITY_FULL: Record<string, string> = { 郑州: '郑州市' };
const PROVINCE_FULL: Record<string, string> = { 河南: '河南省' };

/** Suffixes that end a road name, longest first; 璐 and 接 are the usual typos of 路 and 街. */
const ROAD_SUFFIX = '(?:快速通道|快速路|大道|大街|高速|胡同|路|街|巷|环|道|线|璐|接)';
const ROAD_BODY = '[\\u4e00-\\u9fffA-Z0-9]';
/** A road name: the shortest run of name characters that ends in a road suffix. */
const ROAD = `${ROAD_BODY}{1,12}?${ROAD_SUFFIX}`;
const ROAD_RE = new RegExp(`^${ROAD}$`);
const ROAD_SUFFIX_END = new RegExp(`${ROAD_SUFFIX}$`);
/** Words that never occur inside a road name, only around one. */
const NOT_IN_ROAD =
  /[与跟同及、/&×的往]|交叉|路口|交汇|交界|十字|米|号|那个|这个|旁边|附近|对面|门口|靠近|挨着|临近|走到/;

/** "天河路", "京广快速路", "北三环"; not "与英才街", "英才街交叉口往北100米路", "天河路英才街". */
export function isRoadName(text: string): boolean {
  if (text.length < 2 || text.length > 12 || !ROAD_RE.test(text) || NOT_IN_ROAD.test(text)) return false;
  const body = text.replace(ROAD_SUFFIX_END, '');
  // A road suffix inside means two names run together.
  return body.length > 0 && !/[路街]/.test(body);
}

/** Between two roads: "与", "和", "/" …, and the spoken "往北走到", "上靠近". */
const CONNECTOR =
  '(?:上|(?:东|西|南|北|中)段)?(?:(?:往|向)(?:东|南|西|北)(?:走)?)?(?:与|和|跟|同|及|、|/|&|×|X|交|至|到|靠近|挨着|临近|\\+)';
const CROSSING_WORD =
  '(?:的)?(?:交叉路口|交叉口|交汇处|交汇口|交汇|交界处|交界|交口|十字路口|十字口|十字|丁字路口|丁字口|三岔路口|拐角|转角|红绿灯|信号灯|立交桥|立交|路口|口)';

const DIRECTIONS: Record<string, Direction> = {
  东北: 'northeast',
  东南: 'southeast',
  西北: 'northwest',
  西南: 'southwest',
  东: 'east',
  南: 'south',
  西: 'west',
  北: 'north',
};
const DIRECTION_WORD = '(?:东北|东南|西北|西南|东|南|西|北)';

/** Hotline and letter filler before the address. */
const LEADING_FILLER = [
  /^(?:您好|你好|喂|哎|嗯|唉|麻烦|请问|同志|师傅)+/,
  /^(?:市民|群众|居民|来电人|来电|来信人|来信|来访人|来访|投诉人|举报人|反映人|有人)?(?:来电)?(?:我要|我想|要)?(?:反映|反应|投诉|举报|称|说|表示)(?:一下)?[:：]?/,
  /^(?:具体|详细|事发|案发|投诉)?(?:地址|地点|位置)(?:是|为|在)?[:：]?/,
  /^(?:你们|您们)?(?:管管|管一下|处理一下|来看看)/,
  /^(?:我家|我们家|我们|我)?(?:就)?(?:住)?(?:是|在|位于|于)/,
  /^(?:就是|就在|就)/,
];

/** Words after the place that carry no position: "附近", "那块", "的地方". */
const TRAILING_FILLER =
  /(?:桥下|桥底下?|桥洞|桥上|天桥下?|高架下|的地方|这个地方|那个地方|这块儿?|那块儿?|这边|那边|这里|那里|这儿|那儿|一带|周边|周围|处|位置|路段|附近的?|旁边的?|边上|跟前|这|那|的)$/;

/** Where the complaint itself starts in a transcript ("…交叉口有人占道经营"). */
const INCIDENT_START =
  /(?:有人|有个|有一个|有一些|有一家|有几个|有很多|有大量|有商户|有商贩|有流动|有小贩|有摊|经常有|一直有|总是有|每天|每晚|天天|晚上|夜间|夜里|凌晨|白天|存在|出现|发现|占道|乱摆|乱堆|乱倒|乱扔|乱贴|乱搭|噪音|扰民|违章|违建|私搭|露天烧烤|堆放|倾倒|摆摊|停放|停了|影响)/;

/** A landmark word that, alone after a road, names a place on that road ("天河路小学"). */
const GENERIC_PLACE =
  /^(?:小学|中学|幼儿园|学校|医院|卫生院|卫生室|诊所|公园|广场|菜市场|农贸市场|市场|超市|地铁站|公交站|站|加油站|派出所|办事处|政府|小区|社区|大厦|商场|酒店|宾馆|银行|邮局|桥)$/;

/** Offices named after the region they serve: "(惠济区)政府", "(惠济区)人民医院". */
const REGION_OWNED =
  /^(?:人民政府|政府|人民医院|医院|中医院|城市管理|城管|法院|人民法院|检察院|公安分局|教育局|卫健委|委|图书馆|文化馆|体育馆|实验)/;

const SIDE_TAIL = new RegExp(
  `(?:路(东|西|南|北)(?:侧|边)?|[A-Z]\\d?(?:出口|入口|口)|(${DIRECTION_WORD})(侧门|大门|正门|出口|入口|门口|门|侧|边|面|角|口|方向|方|段|头|广场|停车场)?|对面|对过|斜对面|旁边|附近|门口|门前|周边|后面|后边|后门|背后|里面|院内|院里|内|楼下|前面|正门|大门|侧门|入口|出口|停车场)$`,
);

const OFFSET_TAIL = new RegExp(
  `(?:往|向|朝|靠)?(${DIRECTION_WORD})(?:方向|边|侧)?(?:走|行|约|大约|大概|差不多)*(\\d+)(?:多)?(?:米|M)(?:左右|处|远)?$`,
);

const BUILDING = /^((?:\d+(?:号楼|号院|栋|幢|座|号))?(?:\d+单元)?(?:\d+(?:层|楼))?(?:\d+(?:室|户|号房))?)(?=$|[^\d])/;

// Parsing ----------------------------------------------------------------------

function stripLeadingFiller(text: string): string {
  let rest = text;
  for (let changed = true; changed;) {
    changed = false;
    for (const filler of LEADING_FILLER) {
      const match = filler.exec(rest);
      if (match && match[0].length > 0 && match[0].length < rest.length) {
        rest = rest.slice(match[0].length);
        changed = true;
      }
    }
  }
  return rest;
}

/** How much of a place a parse found: a crossing or a house number beats a name, a name a road. */
function specificity(p: ParsedAddress): number {
  if (p.intersection) return 5;
  if (p.road && p.houseNumber) return 4;
  if (p.landmark || p.community) return 3;
  if (p.road || p.subDistrict) return 2;
  return p.district || p.city ? 1 : 0;
}

/**
 * Parses one address. Never throws; an empty or unreadable text gives an
 * almost empty structure. A transcript of several clauses ("您好，我住在
 * 长兴路200号，楼下饭店油烟太大") is read clause by clause and the most
 * specific reading kept, with the region levels the other clauses name.
 */
export function parseAddress(raw: string): ParsedAddress {
  const normalized = normalizeText(raw);
  const clauses = normalized.split(' ').filter((c) => c.length > 0);
  const whole = parseClause(normalized.replace(/ /g, ''), normalized);
  if (clauses.length < 2) return whole;
  const readings = clauses.map((clause) => parseClause(clause, normalized));
  let best = readings[0]!;
  for (const reading of readings) if (specificity(reading) > specificity(best)) best = reading;
  if (specificity(best) <= specificity(whole)) return whole;
  for (const reading of readings) {
    best.province ??= reading.province;
    best.city ??= reading.city;
    best.district ??= reading.district;
    best.subDistrict ??= reading.subDistrict;
    if (!best.side && reading !== best && specificity(reading) === 0 && reading.side) best.side = reading.side;
  }
  return best;
}

function parseClause(text: string, normalized: string): ParsedAddress {
  const parsed: ParsedAddress = { normalized };
  // Brackets hold a second description of the same place: read them as part of the text.
  let rest = text.replace(/[() :]/g, '');

  rest = stripLeadingFiller(rest).replace(/那个|这个|那家|这家|那条|这条|那边的|这边的/g, '');
  const region = takeRegion(rest, parsed);
  rest = region.rest.replace(/^(?:的|在|位于)/, '');

  // A transcript goes on with the complaint: keep it as the remainder.
  const incident = INCIDENT_START.exec(rest);
  if (incident && incident.index >= 2) {
    parsed.remainder = rest.slice(incident.index);
    rest = rest.slice(0, incident.index);
  }

  rest = takeSubDistrict(rest, parsed);
  rest = takeCommunity(rest, parsed);
  // "八堡村南": after a community or sub-district a bare side is enough.
  rest = takeTail(rest, parsed, Boolean(parsed.community ?? parsed.subDistrict));
  if (takeIntersection(rest, parsed)) return parsed;

  rest = takeRoad(rest, parsed);
  rest = takeTail(rest, parsed, Boolean(parsed.road));
  const building = /\d+(?:号楼|号院|栋|幢|座|单元|室|层).*$/.exec(rest);
  if (building && !parsed.building) {
    parsed.building = building[0];
    rest = takeTail(rest.slice(0, building.index), parsed);
  }
  if (rest.length > 0) {
    if (parsed.road && !parsed.houseNumber && GENERIC_PLACE.test(rest)) {
      // "天河路小学": a road followed by a generic place word is one name.
      parsed.landmark = parsed.road + rest;
    } else if (/[\u4e00-\u9fffA-Z]/.test(rest)) {
      // Nothing but a name after the region: the region word may be part of
      // it (郑州北站, 惠济万达广场, 惠济区政府), as people say them.
      const named = !parsed.road && !parsed.subDistrict && !parsed.community;
      const abbreviated = region.prefix !== '' && !/[省市区]$/.test(region.prefix);
      parsed.landmark ??= named && (abbreviated || REGION_OWNED.test(rest)) ? region.prefix + rest : rest;
    } else {
      parsed.remainder = rest + (parsed.remainder ?? '');
    }
  }
  return parsed;
}

/**
 * Takes the province, city and district from the start. Answers the rest and
 * the last level as written, which may begin a name: 郑州北站, 惠济万达广场, 惠济区政府.
 */
function takeRegion(text: string, parsed: ParsedAddress): { rest: string; prefix: string } {
  let rest = text;
  let prefix = '';
  const province = PROVINCE.exec(rest);
  if (province) {
    parsed.province = PROVINCE_FULL[province[1]!] ?? province[1]!;
    rest = rest.slice(province[0].length);
    prefix = province[0];
  }
  const city = CITY.exec(rest);
  if (city) {
    parsed.city = CITY_FULL[city[1]!] ?? city[1]!;
    rest = rest.slice(city[0].length);
    prefix = city[0];
  }
  const district = DISTRICT.exec(rest) ?? (parsed.city && parsed.city !== '郑州市' ? OTHER_DISTRICT.exec(rest) : null);
  if (district) {
    parsed.district = DISTRICT_FULL[district[1]!] ?? district[1]!;
    rest = rest.slice(district[0].length);
    prefix = district[0];
  }
  return { rest, prefix };
}

/** A name may not carry a road suffix or a connector before its last character. */
const NOT_A_PLACE_NAME = /[路街巷与和跟、\d]/;

function takeSubDistrict(text: string, parsed: ParsedAddress): string {
  const match = /^([\u4e00-\u9fff]{2,5}?)(街道办事处|街道办|街道|镇人民政府|镇政府|乡政府|镇|乡)/.exec(text);
  if (!match) return text;
  const [whole, name, suffix] = match as unknown as [string, string, string];
  // 长兴路街道 is a sub-district; 天河路英才街道… is not.
  if (NOT_A_PLACE_NAME.test(name.slice(0, -1)) || /[与和跟、]$/.test(name)) return text;
  if (suffix.startsWith('街道')) {
    parsed.subDistrict = `${name}街道`;
    // 街道办事处 is the office, a landmark of its own.
    if (suffix !== '街道') parsed.landmark = `${name}街道办事处`;
  } else {
    const level = suffix.startsWith('乡') ? '乡' : '镇';
    parsed.subDistrict = `${name}${level}`;
    if (suffix.includes('政府')) parsed.landmark = `${name}${level}政府`;
  }
  return text.slice(whole.length);
}

function takeCommunity(text: string, parsed: ParsedAddress): string {
  const match = /^([\u4e00-\u9fff]{1,6}?)(社区居委会|社区居民委员会|社区|居委会|村民委员会|村委会|村)/.exec(text);
  if (!match) return text;
  const [whole, name, suffix] = match as unknown as [string, string, string];
  if (NOT_A_PLACE_NAME.test(name.slice(0, -1)) || /[与和跟、路街]$/.test(name)) return text;
  const after = text.slice(whole.length);
  // 大河村遗址, 孙庄村小学, 八堡村路: the village names a place or a road there, not the address's community.
  if (suffix === '村' && /^(?:遗址|小学|中学|幼儿园|卫生|广场|公园|市场|超市|医院|站|路|街|大道)/.test(after)) {
    return text;
  }
  parsed.community = suffix.startsWith('村') ? `${name}村` : `${name}社区`;
  return after;
}

/**
 * Strips filler, a side ("北门", "对面") and an offset ("往北100米") from the
 * end, in any order. Unless `bare`, some name must stay before them.
 */
function takeTail(text: string, parsed: ParsedAddress, bare = false): string {
  const least = bare ? 0 : 1;
  let rest = text;
  for (let guard = 0; guard < 8 && rest.length > 0; guard++) {
    const filler = TRAILING_FILLER.exec(rest);
    if (filler && filler.index >= least) {
      if (!parsed.side && /^(?:附近|旁边|周边|周围|边上|跟前)/.test(filler[0])) {
        parsed.side = { text: filler[0].replace(/的$/, ''), relation: 'near' };
      }
      rest = rest.slice(0, filler.index);
      continue;
    }
    const offset = OFFSET_TAIL.exec(rest);
    if (offset && offset.index >= least && !parsed.offset) {
      parsed.offset = { direction: DIRECTIONS[offset[1]!]!, metres: Number(offset[2]) };
      rest = rest.slice(0, offset.index);
      continue;
    }
    const side = SIDE_TAIL.exec(rest);
    // At least two characters of name must stay before a side.
    if (side?.[1] !== undefined && side.index > 0 && !/[\d米口]$/.test(rest.slice(0, side.index))) {
      // "天河路东": the 路 is the road's own, only the direction is a side.
      const cut = side.index + 1;
      parsed.side ??= sideOf(rest.slice(cut), side[1], undefined);
      rest = rest.slice(0, cut);
      continue;
    }
    if (side && side.index >= (bare ? 0 : 2)) {
      parsed.side ??= sideOf(side[0], side[1] ?? side[2], side[3]);
      rest = rest.slice(0, side.index);
      continue;
    }
    break;
  }
  return rest;
}

function sideOf(text: string, directionWord: string | undefined, part: string | undefined): Side {
  const direction = directionWord ? DIRECTIONS[directionWord] : undefined;
  let relation: Side['relation'];
  if (/对面|对过/.test(text)) relation = 'opposite';
  else if (/旁边|附近|周边/.test(text)) relation = 'near';
  else if (/门|入口|出口/.test(text)) relation = 'entrance';
  else if (/角/.test(text)) relation = 'corner';
  else if (/内|里|楼下/.test(text)) relation = 'inside';
  else if (part !== undefined || direction) relation = 'side';
  return { text, ...(direction ? { direction } : {}), ...(relation ? { relation } : {}) };
}

const CONNECTOR_RE = new RegExp(`^${CONNECTOR}`);
const CROSSING_RE = new RegExp(`^${CROSSING_WORD}`);

/** Every way to read the start of `text` as a road name, with what follows it. */
function roadPrefixes(text: string): { road: string; after: string }[] {
  const found: { road: string; after: string }[] = [];
  for (let length = 2; length <= Math.min(text.length, 16); length++) {
    const road = text.slice(0, length);
    if (isRoadName(road)) found.push({ road, after: text.slice(length) });
  }
  return found;
}

/**
 * The second road of an intersection at the start of `text`: followed by a
 * crossing word (交叉口, 路口 …) and anything, or by nothing but a side.
 */
function secondRoads(text: string): { road: string; tail: string; crossingWord: boolean }[] {
  const found: { road: string; tail: string; crossingWord: boolean }[] = [];
  for (const { road, after } of roadPrefixes(text)) {
    const word = CROSSING_RE.exec(after);
    if (word) found.push({ road, tail: after.slice(word[0].length), crossingWord: true });
    else if (after === '' || takeTail(after, { normalized: after }, true) === '')
      found.push({ road, tail: after, crossingWord: false });
  }
  // A crossing word is the strongest sign; then the shortest road (the lazy reading).
  return found.sort((a, b) => Number(b.crossingWord) - Number(a.crossingWord));
}

function takeIntersection(text: string, parsed: ParsedAddress): boolean {
  const readings: { pair: [string, string]; tail: string; score: number }[] = [];
  for (const first of roadPrefixes(text)) {
    const connector = CONNECTOR_RE.exec(first.after);
    // "天河路与英才街交叉口": a connector between two roads.
    if (connector) {
      for (const second of secondRoads(first.after.slice(connector[0].length))) {
        readings.push({ pair: [first.road, second.road], tail: second.tail, score: second.crossingWord ? 3 : 2 });
      }
    }
    // "天河路英才街交叉口", "天河路英才街": two roads side by side.
    for (const second of secondRoads(first.after)) {
      readings.push({ pair: [first.road, second.road], tail: second.tail, score: second.crossingWord ? 2 : 1 });
    }
  }
  const usable = readings.filter(({ pair: [a, b] }) => a !== b);
  if (usable.length === 0) return false;
  usable.sort((a, b) => b.score - a.score);
  const best = usable[0]!;
  parsed.intersection = best.pair;
  const others: [string, string][] = [];
  for (const { pair } of usable.slice(1)) {
    if (![best.pair, ...others].some(([a, b]) => a === pair[0] && b === pair[1])) others.push(pair);
  }
  if (others.length > 0) parsed.intersectionAlternatives = others;
  const rest = takeTail(best.tail, parsed, true);
  if (rest.length > 0) parsed.remainder = rest + (parsed.remainder ?? '');
  return true;
}

function takeRoad(text: string, parsed: ParsedAddress): string {
  for (const { road, after } of roadPrefixes(text)) {
    // "天河路123号", "天河路东段12-3号院", "天河路辅道17号", "天河路123" (the 号 is often not said).
    const numbered = /^(?:(东|西|南|北|中)段|辅道|辅路|主路|门牌号?|沿街)?(\d+(?:-\d+)?(?:附\d+)?)(?:号院|号)?/.exec(
      after,
    );
    if (numbered) {
      parsed.road = road;
      parsed.houseNumber = numbered[2]!;
      const rest = after.slice(numbered[0].length);
      const building = BUILDING.exec(rest);
      if (building?.[1]) {
        parsed.building = building[1];
        return rest.slice(building[1].length);
      }
      return rest;
    }
  }
  const first = roadPrefixes(text)[0];
  if (!first) return text;
  parsed.road = first.road;
  // "天河路北段", "天河路口", "天河路沿线": a part of the road, not a place on it.
  const part = /^(?:(东|西|南|北|中)段|路口|口|沿线|两侧|两边|路段)/.exec(first.after);
  if (part) {
    const direction = part[1] ? DIRECTIONS[part[1]] : undefined;
    parsed.side = { text: part[0], ...(direction ? { direction } : {}), relation: 'side' };
    return first.after.slice(part[0].length);
  }
  return first.after;
}
