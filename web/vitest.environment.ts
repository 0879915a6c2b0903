/**
 * Node globals, browser modules. The web's unit tests need no DOM, but the
 * code under test must be what ships: in Vite's client environment the Svelte
 * plugin compiles runes for the client, whereas Vitest's `node` environment
 * would test the server (SSR) build of every `.svelte.ts` class, whose
 * `$state` and `$derived` track nothing. Tests stub the few browser globals
 * they touch (fetch, localStorage, requestAnimationFrame).
 */
import { builtinEnvironments, type Environment } from 'vitest/runtime';

export default {
  ...builtinEnvironments.node,
  name: 'node-with-browser-modules',
  viteEnvironment: 'client',
} satisfies Environment;
