/**
 * The demo's dispatchable teams (一站式、一网清: enforcement squads and the
 * other kinds of team the bureau integrates).
 *
 * APPROXIMATE DEMO DATA drawn by the project, not the bureau's real roster.
 * Each starting position lies on a demo road inside the squad's own
 * sub-district (data.test.ts checks both).
 */
import type { SquadKind, SquadStatus } from '@civic/shared';
import type { LngLatPair } from './subDistricts.ts';

export interface DemoSquad {
  code: string;
  name: string;
  kind: SquadKind;
  status: SquadStatus;
  subDistrictCode: string;
  /** The road the squad starts on, and a point on it. */
  road: string;
  position: LngLatPair;
}

export const DEMO_SQUADS: readonly DemoSquad[] = [
  {
    code: 'SQ01',
    name: '刘寨执法中队',
    kind: 'enforcement',
    status: 'available',
    subDistrictCode: '410108001',
    road: '英才街',
    position: [113.62, 34.8313],
  },
  {
    code: 'SQ02',
    name: '长兴路执法中队',
    kind: 'enforcement',
    status: 'available',
    subDistrictCode: '410108002',
    road: '长兴路',
    position: [113.6425, 34.8146],
  },
  {
    code: 'SQ03',
    name: '新城执法中队',
    kind: 'enforcement',
    status: 'available',
    subDistrictCode: '410108003',
    road: '天河路',
    position: [113.6257, 34.86],
  },
  {
    code: 'SQ04',
    name: '迎宾路执法中队',
    kind: 'enforcement',
    status: 'available',
    subDistrictCode: '410108004',
    road: '迎宾路',
    position: [113.7003, 34.82],
  },
  {
    code: 'SQ05',
    name: '大河路执法中队',
    kind: 'enforcement',
    status: 'available',
    subDistrictCode: '410108005',
    road: '大河路',
    position: [113.72, 34.8771],
  },
  {
    code: 'SQ06',
    name: '花园口执法中队',
    kind: 'enforcement',
    status: 'available',
    subDistrictCode: '410108100',
    road: '花园路',
    position: [113.68565, 34.9],
  },
  {
    code: 'SQ07',
    name: '古荥执法中队',
    kind: 'enforcement',
    status: 'available',
    subDistrictCode: '410108101',
    road: '古荥大道',
    position: [113.555, 34.88535],
  },
  {
    code: 'SQ08',
    name: '英才街环卫保洁组',
    kind: 'sanitation',
    status: 'available',
    subDistrictCode: '410108001',
    road: '英才街',
    position: [113.63, 34.8315],
  },
  {
    code: 'SQ09',
    name: '长兴路环卫保洁组',
    kind: 'sanitation',
    status: 'on_break',
    subDistrictCode: '410108002',
    road: '文化北路',
    position: [113.6662, 34.82],
  },
  {
    code: 'SQ10',
    name: '新城数字化监督员组',
    kind: 'inspector',
    status: 'available',
    subDistrictCode: '410108003',
    road: '清华园路',
    position: [113.6275, 34.86235],
  },
  {
    code: 'SQ11',
    name: '刘寨街道协管队',
    kind: 'street_assistant',
    status: 'available',
    subDistrictCode: '410108001',
    road: '江山路',
    position: [113.6121, 34.815],
  },
  {
    code: 'SQ12',
    name: '天河路城管志愿者服务队',
    kind: 'volunteer',
    status: 'off_duty',
    subDistrictCode: '410108003',
    road: '开元路',
    position: [113.6375, 34.84835],
  },
];
