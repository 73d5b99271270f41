import { createServices, type Services } from '../../main/core/services';
import { memorySink } from '../../main/core/log';
import type { Platform } from '../../main/core/platform';
import { afterEach } from 'vitest';
import { tempDir } from './temp';

const open: Services[] = [];

afterEach(() => {
  while (open.length > 0) open.pop()?.close();
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

/** Real services over a real SQLite file in a temp folder; the log is kept in memory too. */
export function testServices(dataDir = tempDir()): { services: Services; platform: TestPlatform; logLines: string[] } {
  const platform = testPlatform();
  const sink = memorySink();
  const services = createServices({ dataDir, appName: 'Test', appVersion: '0.0.0-test', platform, logSinks: [sink] });
  open.push(services);
  return { services, platform, logLines: sink.lines };
}
