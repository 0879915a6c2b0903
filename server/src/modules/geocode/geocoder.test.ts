import { describe, expect, it } from 'vitest';
import { bestSubstring, isElsewhere, nameConfidence, similarity } from './geocoder.ts';
import { parseAddress } from './address-parser.ts';

describe('bestSubstring', () => {
  it('finds a name verbatim inside a text at no cost, and says where it ends', () => {
    expect(bestSubstring('英才街', '天河路与英才街交叉口')).toEqual({ distance: 0, end: 7 });
  });
  it('charges a wrong character one edit, an extra one half, a missing one a little more', () => {
    expect(bestSubstring('英才街', '英材街夜市').distance).toBe(1);
    expect(bestSubstring('天河路', '天河大路').distance).toBe(0.5);
    expect(bestSubstring('天河路小学', '天河路').distance).toBeCloseTo(2.4);
  });
  it('prefers the stretch that ends on the name’s last character', () => {
    expect(bestSubstring('天河路', '天河大路').end).toBe(4);
  });
});

describe('nameConfidence', () => {
  it('is 1 for a name in the text and falls with each edit', () => {
    expect(nameConfidence('英才街夜市疏导点', 'landmark', '英才街夜市疏导点北侧')).toBe(1);
    expect(nameConfidence('英才街夜市疏导点', 'landmark', '英材街夜市疏导点')).toBe(0.88);
    expect(nameConfidence('天河路', 'road', '天河大路')).toBe(0.83);
  });
  it('counts two-character aliases only verbatim', () => {
    expect(nameConfidence('北站', 'landmark', '北战对面')).toBe(0);
    expect(nameConfidence('北站', 'landmark', '北站对面')).toBe(1);
  });
  it('lets a caller leave out the region a name starts with', () => {
    expect(nameConfidence('惠济万达广场', 'landmark', '万达广场北门')).toBe(0.97);
  });
  it('reads a community or town without its level, but not before another level', () => {
    expect(nameConfidence('南阳寨社区', 'community', '南阳寨')).toBe(0.92);
    expect(nameConfidence('刘寨社区', 'community', '刘寨街道')).toBeLessThan(0.6);
    expect(nameConfidence('古荥镇', 'sub_district', '古荥大道')).toBeLessThan(0.6);
  });
});

describe('similarity', () => {
  it('is edit similarity over the longer name', () => {
    expect(similarity('长新路', '长兴路')).toBeCloseTo(2 / 3);
    expect(similarity('天河路', '天河路')).toBe(1);
    expect(similarity('', '天河路')).toBe(0);
  });
});

describe('isElsewhere', () => {
  it('is true only for an address naming another province, city or district', () => {
    expect(isElsewhere(parseAddress('郑州市惠济区天河路'))).toBe(false);
    expect(isElsewhere(parseAddress('天河路'))).toBe(false);
    expect(isElsewhere(parseAddress('金水区花园路'))).toBe(true);
    expect(isElsewhere(parseAddress('开封市龙亭区中山路'))).toBe(true);
  });
});
