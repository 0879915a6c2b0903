/**
 * The demo district: approximate data drawn by the project for demos and
 * tests, not survey data. See each module's header.
 */
export * from './subDistricts.ts';
export * from './roads.ts';
export * from './landmarks.ts';
export * from './squads.ts';
export * from './users.ts';
export * from './zones.ts';
