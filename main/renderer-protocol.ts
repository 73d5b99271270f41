import { protocol } from 'electron';
import type { Logger } from './core/log';
import { readRendererFile, RENDERER_SCHEME, RENDERER_SCHEME_PRIVILEGES } from './core/renderer-scheme';

/**
 * Declares app:// as a privileged scheme. Electron only accepts this before the app is ready,
 * and only once.
 */
export function registerRendererScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: RENDERER_SCHEME, privileges: { ...RENDERER_SCHEME_PRIVILEGES } }]);
}

/** Serves app://renderer/… from the built renderer folder (the rules are in core/renderer-scheme.ts). */
export function serveRenderer(rendererDir: string, log: Logger): void {
  protocol.handle(RENDERER_SCHEME, async (request) => {
    const answer = await readRendererFile(request.url, rendererDir, request.method);
    if (answer.reason) log.warn('renderer request refused', { url: request.url, status: answer.status, reason: answer.reason });
    return new Response(answer.body, { status: answer.status, headers: answer.headers });
  });
}
