import { describe, expect, it } from 'vitest';
import { chineseNumeral, isRoadName, normalizeText, parseAddress } from './address-parser.ts';

describe('normalizeText', () => {
  it('turns full-width digits, letters and punctuation half-width and drops spaces', () => {
    expect(normalizeText('天河路１２３号 Ａ座')).toBe('天河路123号A座');
    expect(normalizeText('迎宾路１２－３号')).toBe('迎宾路12-3号');
    expect(normalizeText('天河路　１２３号')).toBe('天河路123号');
  });
  it('writes Chinese numerals before 号/栋/单元/室/米 as digits, and leaves names alone', () => {
    expect(normalizeText('天河路一百二十三号')).toBe('天河路123号');
    expect(normalizeText('英才街两百号三栋二单元五〇一室')).toBe('英才街200号3栋2单元501室');
    expect(normalizeText('往北五十米')).toBe('往北50米');
    expect(normalizeText('天河路幺二三号')).toBe('天河路123号');
    expect(normalizeText('北三环八堡村二七区')).toBe('北三环八堡村二七区');
    expect(normalizeText('地铁一号线')).toBe('地铁一号线');
  });
  it('reads # as 号', () => {
    expect(normalizeText('天河路101#')).toBe('天河路101号');
    expect(normalizeText('天河路#101')).toBe('天河路101号');
  });
});

describe('chineseNumeral', () => {
  it('reads positional and digit-by-digit numerals', () => {
    expect(chineseNumeral('一百二十三')).toBe(123);
    expect(chineseNumeral('十五')).toBe(15);
    expect(chineseNumeral('两千零八')).toBe(2008);
    expect(chineseNumeral('三〇五')).toBe(305);
    expect(chineseNumeral('三零五')).toBe(305);
    expect(chineseNumeral('abc')).toBeUndefined();
  });
});

describe('isRoadName', () => {
  it('accepts road names and refuses two names run together or filler', () => {
    for (const road of ['天河路', '京广快速路', '北三环', '古荥大道', '文化北路', '英才街', '和平路'])
      expect(isRoadName(road), road).toBe(true);
    for (const text of ['与英才街', '天河路英才街', '英才街交叉口往北100米路', '城北那个菜市场旁边的小巷', '路'])
      expect(isRoadName(text), text).toBe(false);
  });
});

describe('parseAddress: levels from large to small', () => {
  it('reads every level of a full address', () => {
    expect(parseAddress('河南省郑州市惠济区刘寨街道英才社区天河路123号3号楼2单元501室')).toMatchObject({
      province: '河南省',
      city: '郑州市',
      district: '惠济区',
      subDistrict: '刘寨街道',
      community: '英才社区',
      road: '天河路',
      houseNumber: '123',
      building: '3号楼2单元501室',
    });
  });
  it('expands abbreviations of the city and district', () => {
    expect(parseAddress('郑州惠济天河路１２３号')).toMatchObject({
      city: '郑州市',
      district: '惠济区',
      road: '天河路',
      houseNumber: '123',
    });
  });
  it('takes missing levels as missing', () => {
    const parsed = parseAddress('天河路45');
    expect(parsed).toMatchObject({ road: '天河路', houseNumber: '45' });
    expect(parsed.district).toBeUndefined();
    expect(parsed.subDistrict).toBeUndefined();
  });
  it('reads towns and villages', () => {
    expect(parseAddress('花园口镇八堡村南')).toMatchObject({
      subDistrict: '花园口镇',
      community: '八堡村',
      side: { direction: 'south' },
    });
  });
  it('keeps sub-districts named after roads as sub-districts, and their offices as landmarks', () => {
    expect(parseAddress('长兴路街道弓寨社区')).toMatchObject({ subDistrict: '长兴路街道', community: '弓寨社区' });
    expect(parseAddress('大河路街道办事处')).toMatchObject({
      subDistrict: '大河路街道',
      landmark: '大河路街道办事处',
    });
  });
  it('does not take a village that names a place or road for the community', () => {
    const parsed = parseAddress('大河村遗址');
    expect(parsed.community).toBeUndefined();
    expect(parsed.landmark).toBe('大河村遗址');
  });
  it('knows when an address is in another city', () => {
    expect(parseAddress('北京市朝阳区建国路88号')).toMatchObject({
      city: '北京市',
      district: '朝阳区',
      road: '建国路',
    });
    expect(parseAddress('江山路菜市场').city).toBeUndefined();
  });
});

describe('parseAddress: intersections in every phrasing', () => {
  const both = ['天河路', '英才街'];
  it.each([
    '天河路与英才街交叉口',
    '天河路和英才街路口',
    '天河路/英才街',
    '天河路、英才街十字路口',
    '天河路英才街交叉口',
    '天河路英才街口',
    '天河路跟英才街交界的地方',
    '天河路与英才街的交叉口',
    '天河路与英才街交汇处附近',
    '天河路（英才街口）',
    '天河路英才街',
    '天河路跟英才街拐角',
    '天河路英才街红绿灯',
  ])('%s', (text) => {
    expect(parseAddress(text).intersection).toEqual(both);
  });
  it('keeps the corner and the walk from it', () => {
    expect(parseAddress('惠济区天河路与英才街交叉口东北角')).toMatchObject({
      district: '惠济区',
      intersection: both,
      side: { text: '东北角', direction: 'northeast', relation: 'corner' },
    });
    expect(parseAddress('天河路与英才街交叉口往北100米路东')).toMatchObject({
      intersection: both,
      offset: { direction: 'north', metres: 100 },
      side: { direction: 'east' },
    });
  });
  it('offers both readings when a connector may belong to a name', () => {
    const parsed = parseAddress('天河路和平路口');
    expect([parsed.intersection, ...(parsed.intersectionAlternatives ?? [])]).toContainEqual(['天河路', '和平路']);
  });
  it('reads spoken forms', () => {
    expect(parseAddress('在长兴路上靠近文化北路的地方').intersection).toEqual(['长兴路', '文化北路']);
    expect(parseAddress('文化北路往北走到大河路路口').intersection).toEqual(['文化北路', '大河路']);
  });
});

describe('parseAddress: landmarks with a side', () => {
  it.each([
    ['惠济万达广场北门', '惠济万达广场', { text: '北门', direction: 'north', relation: 'entrance' }],
    ['郑州北站对面', '郑州北站', { text: '对面', relation: 'opposite' }],
    ['刘寨社区东侧', undefined, { text: '东侧', direction: 'east' }],
    ['天河路小学门口', '天河路小学', { relation: 'entrance' }],
    ['长兴路地铁站B出口', '长兴路地铁站', { text: 'B出口', relation: 'entrance' }],
    ['郑州市惠济区政府东门', '惠济区政府', { direction: 'east' }],
  ])('%s', (text, landmark, side) => {
    const parsed = parseAddress(text);
    if (landmark) expect(parsed.landmark).toBe(landmark);
    expect(parsed.side).toMatchObject(side);
  });
  it('reads 附近 and 旁边 as near', () => {
    expect(parseAddress('英才街夜市疏导点旁边').side).toMatchObject({ relation: 'near' });
  });
  it('reads a road part (北段, 路口) as a side of the road', () => {
    expect(parseAddress('天河路北段')).toMatchObject({ road: '天河路', side: { direction: 'north' } });
    expect(parseAddress('天河路东')).toMatchObject({ road: '天河路', side: { direction: 'east' } });
  });
});

describe('parseAddress: transcripts and letters', () => {
  it('drops the caller’s preamble and keeps the complaint as the remainder', () => {
    expect(parseAddress('市民反映：惠济区刘寨街道天河路１２３号附近有人占道经营')).toMatchObject({
      district: '惠济区',
      subDistrict: '刘寨街道',
      road: '天河路',
      houseNumber: '123',
      side: { relation: 'near' },
      remainder: '有人占道经营',
    });
  });
  it('finds the address in the clause that has one', () => {
    expect(parseAddress('您好，我要投诉，就是天河路跟英才街那个路口，东北角那边，天天晚上有人摆摊')).toMatchObject({
      intersection: ['天河路', '英才街'],
      side: { direction: 'northeast' },
    });
    expect(parseAddress('喂，我住在长兴路200号，楼下饭店油烟太大')).toMatchObject({
      road: '长兴路',
      houseNumber: '200',
    });
  });
  it('never throws, even on nothing', () => {
    expect(parseAddress('')).toEqual({ normalized: '' });
    expect(parseAddress('？？？').normalized).toBe('');
    expect(parseAddress('老地方').landmark).toBe('老地方');
  });
});
