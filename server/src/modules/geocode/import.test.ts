import { describe, expect, it } from 'vitest';
import { convertPoint } from '../geo/crs.ts';
import { GazetteerFormatError, readGazetteer } from './import.ts';

describe('readGazetteer: CSV', () => {
  it('reads English or Chinese headers, guesses kinds from names, and reports bad rows by line', () => {
    const csv = [
      '类型,名称,经度,纬度,别名,道路名,门牌号',
      '地标,惠济万达广场,113.62,34.8505,万达广场|万达,,',
      ',刘寨社区,113.615,34.822,,,',
      ',天河路１２３号,113.6247,34.8111,,,',
      '门牌,,113.6248,34.8112,,天河路,125',
      ',天河路与英才街,113.6252,34.8314,,,',
      '地标,坏坐标,东经113度,34.8,,,',
      '火星,未知类型,113.6,34.8,,,',
      '地标,,113.6,34.8,,,',
      '门牌,某小区,113.6,34.8,,,',
    ].join('\n');
    const { rows, errors, total } = readGazetteer(csv, 'csv');
    expect(total).toBe(9);
    expect(rows.map((r) => [r.kind, r.name])).toEqual([
      ['landmark', '惠济万达广场'],
      ['community', '刘寨社区'],
      ['house_number', '天河路123号'],
      ['house_number', '天河路125号'],
      ['intersection', '天河路与英才街'],
    ]);
    expect(rows[0]).toMatchObject({ aliases: ['万达广场', '万达'], point: { lng: 113.62, lat: 34.8505 } });
    expect(rows[2]).toMatchObject({ road: '天河路', houseNumber: 123, houseLabel: '123' });
    expect(rows[4]).toMatchObject({ road: '天河路', crossRoad: '英才街', aliases: ['英才街与天河路'] });
    expect(errors.map((e) => e.row)).toEqual([7, 8, 9, 10]);
    expect(errors[0]!.message).toMatch(/not a number/);
    expect(errors[1]!.message).toMatch(/Unknown kind "火星"/);
    expect(errors[2]!.message).toMatch(/No name/);
    expect(errors[3]!.message).toMatch(/needs its road/);
  });

  it('converts GCJ-02 coordinates to WGS-84', () => {
    const { rows } = readGazetteer('kind,name,lng,lat\nlandmark,某地,113.63,34.85\n', 'csv', 'gcj02');
    expect(rows[0]!.point).toEqual(convertPoint({ lng: 113.63, lat: 34.85 }, 'gcj02', 'wgs84'));
  });
});

describe('readGazetteer: GeoJSON', () => {
  it('reads points, road lines and areas, and reports bad features by position', () => {
    const collection = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          geometry: {
            type: 'LineString',
            coordinates: [
              [113.6, 34.83],
              [113.66, 34.83],
            ],
          },
          properties: { name: '新路', aliases: ['新马路'] },
        },
        {
          type: 'Feature',
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [113.6, 34.8],
                [113.61, 34.8],
                [113.61, 34.81],
                [113.6, 34.8],
              ],
            ],
          },
          properties: { kind: 'sub_district', name: '测试街道' },
        },
        { type: 'Feature', geometry: { type: 'Point', coordinates: [113.62, 34.84] }, properties: { name: '某广场' } },
        { type: 'Feature', geometry: null, properties: { name: '无几何' } },
        { type: 'Feature', geometry: { type: 'Point', coordinates: [500, 34] }, properties: { name: '越界' } },
        {
          type: 'Feature',
          geometry: {
            type: 'LineString',
            coordinates: [
              [113.6, 34.8],
              [113.61, 34.81],
            ],
          },
          properties: { kind: 'landmark', name: '线状地标' },
        },
      ],
    };
    const { rows, errors, total } = readGazetteer(JSON.stringify(collection), 'geojson');
    expect(total).toBe(6);
    expect(rows.map((r) => [r.kind, r.name])).toEqual([
      ['road', '新路'],
      ['sub_district', '测试街道'],
      ['landmark', '某广场'],
    ]);
    expect(rows[0]!.line?.type).toBe('LineString');
    expect(rows[1]!.area?.type).toBe('Polygon');
    expect(errors).toEqual([
      { row: 4, message: 'The feature has no geometry' },
      { row: 5, message: 'coordinates: out of range (500, 34)' },
      { row: 6, message: 'A line can only be a road, not landmark' },
    ]);
  });

  it('refuses a file that is not a feature collection as a whole', () => {
    expect(() => readGazetteer('{"type":"Point"', 'geojson')).toThrow(GazetteerFormatError);
    expect(() => readGazetteer('{"type":"Point","coordinates":[1,2]}', 'geojson')).toThrow(GazetteerFormatError);
    expect(() => readGazetteer('kind,name\n"unclosed,quote', 'csv')).toThrow(GazetteerFormatError);
  });
});
