import { describe, expect, it } from 'vitest';
import { buildBridgeApi, type BridgeTransport } from '../../shared/bridge';
import { channels } from '../../shared/contract';

describe('buildBridgeApi', () => {
  it('exposes exactly the contract operations, namespaced, and nothing generic', async () => {
    const invoked: [string, unknown][] = [];
    const transport: BridgeTransport = {
      invoke: async (channel, input) => {
        invoked.push([channel, input]);
        return { ok: true, value: null };
      },
      subscribe: () => () => undefined,
    };
    const api = buildBridgeApi(transport) as unknown as Record<string, Record<string, (i?: unknown) => Promise<unknown>>>;
    const exposed = Object.entries(api)
      .filter(([key]) => key !== 'on')
      .flatMap(([ns, ops]) => Object.keys(ops).map((op) => `${ns}.${op}`))
      .sort();
    expect(exposed).toEqual([...channels].sort());
    expect(Object.keys(api)).not.toContain('invoke');
    await api['settings']?.['update']?.({ theme: 'dark' });
    await api['app']?.['info']?.();
    expect(invoked).toEqual([
      ['settings.update', { theme: 'dark' }],
      ['app.info', null],
    ]);
  });

  it('refuses to subscribe to events the contract does not declare', () => {
    const api = buildBridgeApi({ invoke: async () => ({ ok: true, value: null }), subscribe: () => () => undefined });
    expect(() => api.on('sync.secret' as never, () => undefined)).toThrow(/Unknown event/);
  });
});
