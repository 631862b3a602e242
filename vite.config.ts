import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer is loaded from disk by Electron (file://), so asset paths stay relative.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist-renderer',
    emptyOutDir: true,
    sourcemap: false,
    target: 'chrome130',
  },
});
