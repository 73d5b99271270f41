import path from 'node:path';
import { build } from 'vite';
import { rendererConfig, root } from './renderer.config';

/**
 * Builds what the web preview serves: the renderer exactly as the desktop app bundles it, plus
 * preload/web.ts (the HTTP bridge that plays the preload's part) as one classic script.
 */
export async function buildWeb(outDir = path.join(root, 'out/web')): Promise<string> {
  await build({ ...rendererConfig(outDir), logLevel: 'warn', configFile: false });
  await build({
    configFile: false,
    logLevel: 'warn',
    root,
    build: {
      outDir,
      emptyOutDir: false,
      target: 'chrome130',
      lib: {
        entry: path.join(root, 'preload/web.ts'),
        formats: ['iife'],
        name: 'previewBridge',
        fileName: () => 'preview-bridge.js',
      },
    },
  });
  return outDir;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(__filename)) {
  buildWeb().then(
    (dir) => console.log(`web preview built in ${path.relative(root, dir)}`),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
