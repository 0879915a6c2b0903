/**
 * Demo logins. APPROXIMATE DEMO DATA drawn by the project: invented people.
 * Every demo account has the same password (DEMO_PASSWORD) so a demo can be
 * run from the printed list; a real deployment never seeds these.
 */
import type { Role } from '@civic/shared';
import { DEMO_SQUADS } from './squads.ts';

export const DEMO_PASSWORD = 'demo123';

export interface DemoUser {
  username: string;
  role: Role;
  displayName: string;
  /** Set exactly when role is squad_member. */
  squadCode: string | null;
}

/** Team leaders of the squads, by squad code (invented names). */
const SQUAD_LEADERS: Record<string, string> = {
  SQ01: '张卫东',
  SQ02: '郑红梅',
  SQ03: '周志刚',
  SQ04: '孙丽华',
  SQ05: '马建军',
  SQ06: '黄河清',
  SQ07: '冯国强',
  SQ08: '杨秀英',
  SQ09: '朱桂兰',
  SQ10: '许文博',
  SQ11: '何春生',
  SQ12: '郭晓雨',
};

export const DEMO_USERS: readonly DemoUser[] = [
  { username: 'admin', role: 'admin', displayName: '系统管理员', squadCode: null },
  { username: 'dispatcher', role: 'dispatcher', displayName: '指挥中心 王敏', squadCode: null },
  { username: 'dispatcher2', role: 'dispatcher', displayName: '指挥中心 刘洋', squadCode: null },
  { username: 'supervisor', role: 'supervisor', displayName: '监督中心 赵建国', squadCode: null },
  { username: 'clerk', role: 'intake_clerk', displayName: '受理员 陈静', squadCode: null },
  ...DEMO_SQUADS.map((squad): DemoUser => ({
    username: squad.code.toLowerCase(),
    role: 'squad_member',
    displayName: `${squad.name} ${SQUAD_LEADERS[squad.code] ?? '队员'}`,
    squadCode: squad.code,
  })),
];

export interface DemoLogin {
  username: string;
  role: Role;
  displayName: string;
}

/** Every demo account (password DEMO_PASSWORD), for the server to print at start-up. */
export const DEMO_LOGINS: readonly DemoLogin[] = DEMO_USERS.map(({ username, role, displayName }) => ({
  username,
  role,
  displayName,
}));
