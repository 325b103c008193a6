import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Built into dist/web, which the API server serves at `/` (src/web-app.ts). In development, `npx vite web` proxies
// the API to a server started with `npm start`.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
