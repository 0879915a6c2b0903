/**
 * Main roads of Huiji District as polylines.
 *
 * APPROXIMATE DEMO DATA drawn by the project, not survey data: names are real
 * roads of the district (英才街, 天河路, 长兴路 appear in the bureau's press
 * report), but the lines are hand-drawn approximations placed to suit the
 * demo sub-districts in subDistricts.ts. 天河路 crosses 英才街 near the 英才街
 * night-market point, as in the article.
 */
import type { LngLatPair } from './subDistricts.ts';

export type RoadClass = 'main' | 'secondary';

export interface DemoRoad {
  name: string;
  class: RoadClass;
  /** Vertices west → east or south → north. */
  line: readonly LngLatPair[];
}

export const DEMO_ROADS: readonly DemoRoad[] = [
  // North–south roads, west to east.
  {
    name: '江山路',
    class: 'main',
    line: [
      [113.612, 34.8],
      [113.6122, 34.83],
      [113.6125, 34.86],
      [113.613, 34.89],
      [113.614, 34.92],
      [113.615, 34.938],
    ],
  },
  {
    name: '天河路',
    class: 'main',
    line: [
      [113.6245, 34.8],
      [113.625, 34.815],
      [113.6252, 34.831],
      [113.6255, 34.848],
      [113.6258, 34.865],
      [113.6262, 34.885],
      [113.6265, 34.9],
    ],
  },
  {
    name: '京广快速路',
    class: 'main',
    line: [
      [113.648, 34.8],
      [113.6482, 34.83],
      [113.6485, 34.86],
      [113.649, 34.89],
      [113.6495, 34.92],
    ],
  },
  {
    name: '文化北路',
    class: 'main',
    line: [
      [113.666, 34.8],
      [113.6662, 34.82],
      [113.6665, 34.84],
      [113.6668, 34.86],
      [113.667, 34.884],
    ],
  },
  {
    name: '花园路',
    class: 'main',
    line: [
      [113.685, 34.84],
      [113.6852, 34.87],
      [113.6855, 34.89],
      [113.6858, 34.91],
      [113.686, 34.925],
    ],
  },
  {
    name: '迎宾路',
    class: 'main',
    line: [
      [113.7, 34.8],
      [113.7002, 34.815],
      [113.7005, 34.83],
      [113.7008, 34.845],
      [113.701, 34.86],
    ],
  },
  // East–west roads, south to north.
  {
    name: '北三环',
    class: 'main',
    line: [
      [113.56, 34.803],
      [113.6, 34.8028],
      [113.64, 34.8026],
      [113.68, 34.8025],
      [113.74, 34.8023],
    ],
  },
  {
    name: '长兴路',
    class: 'main',
    line: [
      [113.6, 34.814],
      [113.615, 34.8142],
      [113.635, 34.8145],
      [113.65, 34.8147],
      [113.67, 34.815],
      [113.69, 34.8148],
    ],
  },
  {
    name: '英才街',
    class: 'secondary',
    line: [
      [113.604, 34.831],
      [113.615, 34.8312],
      [113.625, 34.8314],
      [113.635, 34.8316],
      [113.648, 34.8318],
      [113.66, 34.832],
    ],
  },
  {
    name: '开元路',
    class: 'main',
    line: [
      [113.56, 34.8475],
      [113.6, 34.848],
      [113.625, 34.8482],
      [113.65, 34.8485],
      [113.68, 34.8488],
      [113.72, 34.849],
    ],
  },
  {
    name: '清华园路',
    class: 'secondary',
    line: [
      [113.605, 34.862],
      [113.62, 34.8622],
      [113.635, 34.8625],
      [113.644, 34.8627],
    ],
  },
  {
    name: '大河路',
    class: 'main',
    line: [
      [113.54, 34.876],
      [113.58, 34.8762],
      [113.62, 34.8765],
      [113.66, 34.8768],
      [113.7, 34.877],
      [113.74, 34.8772],
    ],
  },
  {
    name: '古荥大道',
    class: 'main',
    line: [
      [113.525, 34.885],
      [113.545, 34.8852],
      [113.565, 34.8855],
      [113.585, 34.8858],
      [113.6, 34.886],
    ],
  },
  {
    name: '滨河路',
    class: 'secondary',
    line: [
      [113.56, 34.93],
      [113.6, 34.935],
      [113.64, 34.934],
      [113.68, 34.928],
      [113.72, 34.922],
    ],
  },
];

/**
 * Road pairs that cross in the demo data, for intersection-style addresses
 * ("天河路与英才街交叉口"). data.test.ts checks that each pair really crosses.
 */
export const DEMO_INTERSECTIONS: readonly (readonly [string, string])[] = [
  ['天河路', '英才街'],
  ['天河路', '长兴路'],
  ['天河路', '开元路'],
  ['天河路', '清华园路'],
  ['天河路', '大河路'],
  ['江山路', '英才街'],
  ['江山路', '开元路'],
  ['江山路', '长兴路'],
  ['京广快速路', '英才街'],
  ['京广快速路', '开元路'],
  ['文化北路', '长兴路'],
  ['文化北路', '大河路'],
  ['迎宾路', '开元路'],
  ['花园路', '大河路'],
  ['花园路', '开元路'],
];

export function roadGeoJson(road: DemoRoad): { type: 'LineString'; coordinates: number[][] } {
  return { type: 'LineString', coordinates: road.line.map(([lng, lat]) => [lng, lat]) };
}
