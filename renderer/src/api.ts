import type { ApiOf, BridgeApi } from '../../shared/bridge';
import { AppError } from '../../shared/result';

declare global {
  interface Window {
    /** Installed by the Electron preload or by the web preview's bridge; the renderer cannot tell which. */
    readonly api: BridgeApi;
  }
}

export type Api = ApiOf<'value'>;

/**
 * The renderer's client: the same operations as window.api, but a failed Result is thrown as an
 * AppError (with code, message and per-field errors), so components can use try/catch and
 * stores can keep the error for display.
 */
function unwrap(bridge: BridgeApi): Api {
  const client: Record<string, unknown> = { on: bridge.on };
  for (const [namespace, operations] of Object.entries(bridge)) {
    if (typeof operations !== 'object' || operations === null) continue;
    const wrapped: Record<string, (input?: unknown) => Promise<unknown>> = {};
    for (const [name, operation] of Object.entries(operations as Record<string, (input?: unknown) => Promise<unknown>>)) {
      wrapped[name] = async (input?: unknown) => {
        const result = (await operation(input)) as { ok: true; value: unknown } | { ok: false; error: ConstructorParameters<typeof AppError>[0] };
        if (!result.ok) throw new AppError(result.error);
        return result.value;
      };
    }
    client[namespace] = wrapped;
  }
  return client as unknown as Api;
}

export const api: Api = unwrap(window.api);

/** A sentence for any error a call may throw. */
export function errorMessage(error: unknown): string {
  if (error instanceof AppError) return error.message;
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}
