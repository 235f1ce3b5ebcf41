/// <reference types="vitest/config" />
import { defineConfig } from 'vite';

// Vite 8 (rolldown + oxc). JSX is compiled by oxc with React's automatic runtime, so
// no @vitejs/plugin-react (its babel peer chain does not resolve here).
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1500, // bwip-js (defect sheet only, loaded lazily) is the big one
    // No inline module-preload polyfill script: the CSP allows scripts from 'self' only.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return; // "use client" in Mantine: harmless here
        warn(warning);
      },
    },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': process.env.API_URL || 'http://127.0.0.1:3000',
      '/health': process.env.API_URL || 'http://127.0.0.1:3000',
      '/admin/queues': process.env.API_URL || 'http://127.0.0.1:3000',
    },
  },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    environment: 'node',
  },
});
