export * from './roles.ts';
export * from './geo.ts';
export * from './squads.ts';
export * from './lifecycle.ts';
export * from './clocks.ts';
export * from './cases.ts';
export * from './events.ts';
export * from './api.ts';
