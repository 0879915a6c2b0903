import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('defaults to the embedded database with the demo on', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, databaseUrl: undefined, redisUrl: undefined, demo: true });
  });
  it('turns the demo off by default with a real database, and honours PORT and HOST', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u@h/db', PORT: '8080', HOST: '127.0.0.1' });
    expect(config).toMatchObject({ port: 8080, host: '127.0.0.1', demo: false });
  });
  it('refuses wrong values with a one-line reason naming the variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/^PORT /);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ DEMO: 'maybe' })).toThrow(/DEMO/);
  });
});
