import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Vitest runs every project's files in one pool and refuses projects with
    // different worker limits in the same run, so the limit is set once here.
    // Integration files each get their own database and server; two at a
    // time suits a 2-core machine.
    maxWorkers: 2,
    teardownTimeout: 30_000,
    projects: [
      {
        test: {
          name: 'node',
          include: ['shared/src/**/*.test.ts', 'server/src/**/*.test.ts', 'test/**/*.test.ts'],
          // Per project, not at the root: a root globalSetup runs whichever
          // project is selected, and the web tests need no database.
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 120_000,
          // What a browser test waits for (a socket connecting, a photo shrunk, a
          // frame drawn) can take seconds while two test files share two cores;
          // the default 1 s made a passing test fail under load. A real failure
          // just takes longer to report.
          expect: { poll: { timeout: 5_000 } },
        },
      },
      {
        // The web app's own Vite config, so that `.svelte.ts` rune modules are
        // compiled by the Svelte plugin exactly as for the browser.
        extends: './web/vite.config.ts',
        root: './web',
        // Vitest resolves packages with Node's conditions in every environment;
        // `browser` picks Svelte's client runtime, the one the app ships.
        resolve: { conditions: ['browser'] },
        test: {
          name: 'web',
          include: ['src/**/*.test.ts'],
          environment: './vitest.environment.ts',
        },
      },
    ],
  },
});
