import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer is one static bundle: Electron loads it from disk and the web bridge serves
// it, so every asset URL stays relative ('./').
const root = fileURLToPath(new URL('./renderer', import.meta.url));
const outDir = fileURLToPath(new URL('./dist/renderer', import.meta.url));

export default defineConfig(({ command, mode }) => {
  // Builds started from a test runner inherit NODE_ENV=test, which would make Vite ship
  // development React into dist/renderer; a production-mode build is production, always.
  if (command === 'build' && mode === 'production') process.env.NODE_ENV = 'production';
  return {
    root,
    base: './',
    plugins: [react()],
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      sourcemap: true,
      // Chromium and Electron preload modules natively; the polyfill only costs start-up time.
      modulePreload: { polyfill: false },
      // Inline assets would become data: URLs for scripts/styles, which the CSP forbids.
      assetsInlineLimit: 0,
    },
  };
});
