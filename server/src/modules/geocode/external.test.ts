import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config.ts';
import { levelOf, readAnswer, requestUrl } from './external.ts';

describe('GEOCODER_* configuration', () => {
  it('is off by default', () => {
    expect(loadConfig({}).geocoder).toBeUndefined();
  });
  it('reads the URL, key and system', () => {
    expect(
      loadConfig({
        GEOCODER_URL: 'https://restapi.amap.com/v3/geocode/geo?address={text}&key={key}',
        GEOCODER_KEY: ' abc ',
        GEOCODER_CRS: 'GCJ02',
      }).geocoder,
    ).toEqual({ url: 'https://restapi.amap.com/v3/geocode/geo?address={text}&key={key}', key: 'abc', crs: 'gcj02' });
  });
  it('refuses a URL without its system, or a bad URL, with a one-line reason', () => {
    expect(() => loadConfig({ GEOCODER_URL: 'https://geo.example/' })).toThrow(ConfigError);
    expect(() => loadConfig({ GEOCODER_URL: 'https://geo.example/', GEOCODER_CRS: 'mars' })).toThrow(/GEOCODER_CRS/);
    expect(() => loadConfig({ GEOCODER_URL: 'ftp://geo.example/', GEOCODER_CRS: 'wgs84' })).toThrow(/http/);
    expect(() => loadConfig({ GEOCODER_URL: 'not a url', GEOCODER_CRS: 'wgs84' })).toThrow(/not a valid URL/);
  });
});

describe('requestUrl', () => {
  it('fills the placeholders, URL-encoded', () => {
    expect(requestUrl({ url: 'https://geo.example/v3?address={text}&key={key}&city=zz', key: 'k 1' }, '天河路')).toBe(
      'https://geo.example/v3?address=%E5%A4%A9%E6%B2%B3%E8%B7%AF&key=k%201&city=zz',
    );
  });
  it('appends address and key without placeholders', () => {
    expect(requestUrl({ url: 'http://127.0.0.1:1/geo?x=1', key: 'abc' }, '天河路')).toBe(
      'http://127.0.0.1:1/geo?x=1&address=%E5%A4%A9%E6%B2%B3%E8%B7%AF&key=abc',
    );
  });
});

describe('readAnswer', () => {
  it('reads the Amap shape, trusting a level when no confidence is given', () => {
    expect(
      readAnswer({
        status: '1',
        geocodes: [{ formatted_address: '河南省郑州市惠济区天河路', location: '113.631,34.853', level: '道路' }],
      }),
    ).toEqual([
      { label: '河南省郑州市惠济区天河路', level: 'road', confidence: 0.65, point: { lng: 113.631, lat: 34.853 } },
    ]);
  });
  it('reads the Baidu shape with its 0–100 confidence', () => {
    expect(
      readAnswer({ status: 0, result: { location: { lng: 113.64, lat: 34.86 }, confidence: 80, level: '门址' } }),
    ).toMatchObject([{ level: 'house_number', confidence: 0.8, point: { lng: 113.64, lat: 34.86 } }]);
  });
  it('reads the Tianditu shape', () => {
    expect(
      readAnswer({ status: '0', location: { lon: 113.62, lat: 34.85, score: 90, level: '兴趣点', keyWord: '万达' } }),
    ).toMatchObject([{ label: '万达', level: 'landmark', confidence: 0.9 }]);
  });
  it('reads GeoJSON and a plain results list', () => {
    expect(
      readAnswer({
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            geometry: { type: 'Point', coordinates: [113.6, 34.8] },
            properties: { label: 'x', layer: 'street', confidence: 0.7 },
          },
        ],
      }),
    ).toEqual([{ label: 'x', level: 'road', confidence: 0.7, point: { lng: 113.6, lat: 34.8 } }]);
    expect(readAnswer({ results: [{ name: 'y', point: { lng: 1, lat: 2 }, level: 'intersection' }] })).toEqual([
      { label: 'y', level: 'intersection', confidence: 0.8, point: { lng: 1, lat: 2 } },
    ]);
  });
  it('answers nothing for anything else', () => {
    expect(readAnswer('nope')).toEqual([]);
    expect(readAnswer({ status: '0', info: 'INVALID_USER_KEY' })).toEqual([]);
  });
});

describe('levelOf', () => {
  it('maps the services’ level words', () => {
    expect(levelOf('道路交叉路口')).toBe('intersection');
    expect(levelOf('门牌号')).toBe('house_number');
    expect(levelOf('乡镇')).toBe('sub_district');
    expect(levelOf('whatever')).toBeUndefined();
  });
});
