import path from 'node:path';
import react from '@vitejs/plugin-react';
import type { Plugin, UserConfig } from 'vite';
import { CONTENT_SECURITY_POLICY } from '../main/core/window-rules';

export const root = path.resolve(__dirname, '..');

/**
 * Writes the Content-Security-Policy meta tag from the one constant main also sends as a header.
 * Only the dev server relaxes it (HMR needs an inline preamble and a websocket); builds get the
 * strict policy.
 */
function csp(): Plugin {
  let serving = false;
  return {
    name: 'content-security-policy',
    configResolved(config) {
      serving = config.command === 'serve';
    },
    transformIndexHtml() {
      const content = serving
        ? "default-src 'self' 'unsafe-inline' ws: http://localhost:*; img-src 'self' data:"
        : CONTENT_SECURITY_POLICY;
      return [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content }, injectTo: 'head-prepend' }];
    },
  };
}

/** The renderer's Vite config, used by electron-vite (desktop) and the web preview build. */
export function rendererConfig(outDir: string): UserConfig {
  return {
    root: path.join(root, 'renderer'),
    base: './',
    plugins: [react(), csp()],
    build: {
      outDir,
      emptyOutDir: true,
      target: 'chrome130',
      // Electron's and the preview's Chromium support modulepreload natively.
      modulePreload: { polyfill: false },
      rollupOptions: { input: path.join(root, 'renderer/index.html') },
    },
  };
}
