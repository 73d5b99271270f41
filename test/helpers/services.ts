import { afterEach } from 'vitest';
import { createServices, type ServiceConfig, type Services } from '../../main/core/services';
import { memorySink } from '../../main/core/log';
import type { Platform } from '../../main/core/platform';
import { MemorySecretStore } from '../../main/core/secrets/store';
import { startDemoServer } from '../../main/simulator/demo';
import { tempDir } from './temp';

const open: Services[] = [];

afterEach(async () => {
  while (open.length > 0) await open.pop()?.close();
});

export interface TestPlatform extends Platform {
  opened: string[];
  saved: { name: string; contents: Uint8Array }[];
}

export function testPlatform(): TestPlatform {
  const opened: string[] = [];
  const saved: { name: string; contents: Uint8Array }[] = [];
  return {
    opened,
    saved,
    async openExternal(url) {
      opened.push(url);
    },
    async saveFile(name, contents) {
      saved.push({ name, contents });
      return { saved: true, location: name };
    },
  };
}

/** A secret store that lives as long as the test (tests of the real keychain use keytar itself). */
export const memoryKeychain = (store = new MemorySecretStore()): ServiceConfig['secretStores'] => ({
  keychain: async () => ({ store, reason: null }),
  allowMemory: false,
});

/** Real services over a real SQLite file in a temp folder; the log is kept in memory too. */
export async function testServices(
  dataDir = tempDir(),
  extra: Partial<ServiceConfig> = {},
): Promise<{ services: Services; platform: TestPlatform; logLines: string[] }> {
  const platform = testPlatform();
  const sink = memorySink();
  const services = await createServices({
    dataDir,
    appName: 'Test',
    appVersion: '0.0.0-test',
    platform,
    logSinks: [sink],
    secretStores: { keychain: async () => ({ store: null, reason: 'tests' }), allowMemory: true },
    startDemoServer,
    ...extra,
  });
  open.push(services);
  return { services, platform, logLines: sink.lines };
}
