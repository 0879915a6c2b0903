/**
 * Gazetteer of landmarks and communities (社区/村) for the demo district.
 *
 * APPROXIMATE DEMO DATA drawn by the project, not survey data: the names are
 * the kind a hotline caller uses ("英才街夜市疏导点北侧", "刘寨社区东门"); the
 * points are placed by hand inside the demo sub-districts and are not where
 * the real places are. Roads and sub-districts are added to the gazetteer by
 * the seed itself (a road's midpoint, a sub-district's point on surface).
 */
import type { LngLatPair } from './subDistricts.ts';

export type LandmarkKind = 'landmark' | 'community';

export interface DemoLandmark {
  name: string;
  kind: LandmarkKind;
  point: LngLatPair;
  /** The demo sub-district the point lies in (checked by data.test.ts). */
  subDistrictCode: string;
}

const LIUZHAI = '410108001';
const CHANGXINGLU = '410108002';
const XINCHENG = '410108003';
const YINGBINLU = '410108004';
const DAHELU = '410108005';
const HUAYUANKOU = '410108100';
const GUXING = '410108101';

export const DEMO_LANDMARKS: readonly DemoLandmark[] = [
  // 刘寨街道: the article's pilot area, with the 英才街 vending point.
  { name: '英才街夜市疏导点', kind: 'landmark', point: [113.628, 34.8325], subDistrictCode: LIUZHAI },
  { name: '刘寨社区', kind: 'community', point: [113.615, 34.822], subDistrictCode: LIUZHAI },
  { name: '英才社区', kind: 'community', point: [113.608, 34.835], subDistrictCode: LIUZHAI },
  { name: '天河路小学', kind: 'landmark', point: [113.6235, 34.8255], subDistrictCode: LIUZHAI },
  { name: '刘寨街道办事处', kind: 'landmark', point: [113.618, 34.826], subDistrictCode: LIUZHAI },
  { name: '江山路菜市场', kind: 'landmark', point: [113.6135, 34.818], subDistrictCode: LIUZHAI },
  // 长兴路街道
  { name: '长兴路地铁站', kind: 'landmark', point: [113.65, 34.8148], subDistrictCode: CHANGXINGLU },
  { name: '长兴路街道办事处', kind: 'landmark', point: [113.655, 34.8205], subDistrictCode: CHANGXINGLU },
  { name: '弓寨社区', kind: 'community', point: [113.645, 34.826], subDistrictCode: CHANGXINGLU },
  { name: '文化北路农贸市场', kind: 'landmark', point: [113.664, 34.836], subDistrictCode: CHANGXINGLU },
  // 新城街道
  { name: '惠济区政府', kind: 'landmark', point: [113.632, 34.8665], subDistrictCode: XINCHENG },
  { name: '惠济区城市管理执法局', kind: 'landmark', point: [113.628, 34.859], subDistrictCode: XINCHENG },
  { name: '惠济万达广场', kind: 'landmark', point: [113.62, 34.8505], subDistrictCode: XINCHENG },
  { name: '清华园社区', kind: 'community', point: [113.637, 34.8645], subDistrictCode: XINCHENG },
  { name: '惠济区人民医院', kind: 'landmark', point: [113.615, 34.8705], subDistrictCode: XINCHENG },
  { name: '天河公园', kind: 'landmark', point: [113.63, 34.878], subDistrictCode: XINCHENG },
  // 大河路街道
  { name: '大河路街道办事处', kind: 'landmark', point: [113.69, 34.873], subDistrictCode: DAHELU },
  { name: '大河村遗址', kind: 'landmark', point: [113.68, 34.86], subDistrictCode: DAHELU },
  { name: '南阳寨社区', kind: 'community', point: [113.7, 34.852], subDistrictCode: DAHELU },
  { name: '开元路小学', kind: 'landmark', point: [113.67, 34.851], subDistrictCode: DAHELU },
  { name: '双桥社区', kind: 'community', point: [113.725, 34.866], subDistrictCode: DAHELU },
  // 迎宾路街道
  { name: '迎宾路街道办事处', kind: 'landmark', point: [113.705, 34.826], subDistrictCode: YINGBINLU },
  { name: '郑州北站', kind: 'landmark', point: [113.69, 34.808], subDistrictCode: YINGBINLU },
  { name: '杨君刘社区', kind: 'community', point: [113.688, 34.832], subDistrictCode: YINGBINLU },
  { name: '苏屯社区', kind: 'community', point: [113.728, 34.82], subDistrictCode: YINGBINLU },
  // 花园口镇
  { name: '花园口景区', kind: 'landmark', point: [113.68, 34.928], subDistrictCode: HUAYUANKOU },
  { name: '花园口镇政府', kind: 'landmark', point: [113.672, 34.903], subDistrictCode: HUAYUANKOU },
  { name: '郑州黄河国家湿地公园', kind: 'landmark', point: [113.64, 34.926], subDistrictCode: HUAYUANKOU },
  { name: '八堡村', kind: 'community', point: [113.712, 34.915], subDistrictCode: HUAYUANKOU },
  { name: '花园口村', kind: 'community', point: [113.69, 34.918], subDistrictCode: HUAYUANKOU },
  // 古荥镇
  { name: '古荥汉代冶铁遗址', kind: 'landmark', point: [113.538, 34.88], subDistrictCode: GUXING },
  { name: '郑州植物园', kind: 'landmark', point: [113.56, 34.83], subDistrictCode: GUXING },
  { name: '古荥镇政府', kind: 'landmark', point: [113.565, 34.8875], subDistrictCode: GUXING },
  { name: '黄河风景名胜区', kind: 'landmark', point: [113.548, 34.935], subDistrictCode: GUXING },
  { name: '孙庄村', kind: 'community', point: [113.58, 34.868], subDistrictCode: GUXING },
];
