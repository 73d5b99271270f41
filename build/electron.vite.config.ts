import path from 'node:path';
import { defineConfig } from 'electron-vite';
import { rendererConfig, root } from './renderer.config';

export default defineConfig({
  main: {
    build: {
      outDir: path.join(root, 'out/main'),
      rollupOptions: {
        // The sync runs in a worker thread: its own entry, next to index.js (see worker-host.ts).
        input: { index: path.join(root, 'main/index.ts'), 'sync-worker': path.join(root, 'main/core/sync/worker.ts'), 'fetch-worker': path.join(root, 'main/core/sync/fetch-worker.ts') },
        output: { entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: path.join(root, 'out/preload'),
      // A sandboxed preload cannot require() packages: bundle what it uses.
      externalizeDeps: false,
      rollupOptions: { input: path.join(root, 'preload/index.ts') },
    },
  },
  renderer: rendererConfig(path.join(root, 'out/renderer')),
});
