import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The API server the dev server forwards to. Defaults to the local `npm start`;
// override (e.g. to a second server instance) without editing this file.
const apiTarget = process.env.CIVIC_API_URL ?? 'http://localhost:3000';

const proxy = {
  '/api': { target: apiTarget, changeOrigin: true },
  '/socket.io': { target: apiTarget, changeOrigin: true, ws: true },
};

export default defineConfig({
  plugins: [svelte()],
  server: { port: 5173, proxy },
  preview: { proxy },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // maplibre alone is ~1 MB minified; a warning about it on every build says nothing new.
    chunkSizeWarningLimit: 1600,
    rolldownOptions: {
      treeshake: {
        // The web imports a few constant lists from @civic/shared, whose modules
        // also build TypeBox schemas at top level. Declaring those modules and
        // the `Type.*` builders free of side effects lets the unused schemas,
        // and TypeBox with them, drop out of the bundle (~45 kB).
        moduleSideEffects: (id: string) => !/[\\/](shared[\\/]src|typebox)[\\/]/.test(id),
        manualPureFunctions: ['Type'],
      },
    },
  },
});
