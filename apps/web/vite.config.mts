import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The app lives under /app/ on agent-gateway's own origin (one URL, no CORS): every API path
// stays free for the API. `pnpm dev` proxies the API to a gateway on port 3000.
const gateway = process.env.AGENT_GATEWAY_URL ?? 'http://127.0.0.1:3000';
const apiPrefixes = [
  '/auth',
  '/me',
  '/inbox',
  '/offers',
  '/interactions',
  '/outbound',
  '/profiles',
  '/directory',
  '/admin',
  '/routing',
  '/supervision',
];

export default defineConfig({
  base: '/app/',
  plugins: [react()],
  resolve: {
    // SPEC S4's segment count is contracts' own, bundled from its source: the rest of contracts
    // (zod schemas, the registry) stays out of the browser.
    alias: {
      '@threadline/contracts/sms-segments': fileURLToPath(
        new URL('../../packages/contracts/src/sms-segments.ts', import.meta.url),
      ),
    },
  },
  build: { outDir: 'dist', sourcemap: true, target: 'es2022' },
  server: {
    proxy: {
      ...Object.fromEntries(apiPrefixes.map((prefix) => [prefix, gateway])),
      '/ws': { target: gateway.replace(/^http/, 'ws'), ws: true },
    },
  },
});
