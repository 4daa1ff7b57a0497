import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer is served from disk (Electron, file://) or by the browser-mode server, never a CDN.
export default defineConfig({
  root: 'src-renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    chunkSizeWarningLimit: 6000,
  },
  worker: { format: 'es' },
});
