/**
 * Production build of the two canvas-bench pages (bench/canvas.bench.mjs runs it): the real Pipewright
 * canvas and a plain React Flow baseline. Output goes to a temp dir, never dist/renderer.
 */
import react from '@vitejs/plugin-react';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: './',
  mode: 'production',
  logLevel: 'warn',
  plugins: [react()],
  build: {
    outDir: process.env.PW_CANVAS_BENCH_OUT ?? join(tmpdir(), 'pipewright-canvas-bench'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 6000,
    // PW_CANVAS_BENCH_MINIFY=0 keeps function names readable in CPU profiles.
    minify: process.env.PW_CANVAS_BENCH_MINIFY !== '0',
    rollupOptions: { input: { pipewright: join(here, 'pipewright.html'), plain: join(here, 'plain.html') } },
  },
});
