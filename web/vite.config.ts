import { defineConfig } from 'vite';

// Relative URLs (base './'): the built folder works from any static host and any sub-path.
export default defineConfig({
  base: './',
  worker: { format: 'es' },
  build: { target: 'es2022', outDir: 'dist', emptyOutDir: true },
});
