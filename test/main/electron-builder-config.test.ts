import path from 'node:path';
// electron-builder's own loader and schema check (what `npm run dist` runs first); not part of its
// public exports, hence the deep import. Both come with electron-builder 26.
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';
import { describe, expect, it } from 'vitest';

/**
 * The installers' fuses (Electron's security checklist, item 19) are read from electron-builder.yml
 * the way electron-builder reads it, and the whole file must pass electron-builder's schema, so a
 * misspelt fuse cannot be silently ignored.
 */

const root = path.resolve(__dirname, '../..');

describe('electron-builder.yml', () => {
  it('flips every fuse the security checklist asks for', async () => {
    const config = await getConfig(root, 'electron-builder.yml', null);
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    // onlyLoadAppFromAsar and the integrity check need the app packed into an asar archive.
    expect(config.asar ?? true).not.toBe(false);
  });

  it("passes electron-builder's schema, which refuses an unknown fuse name", async () => {
    const config = await getConfig(root, 'electron-builder.yml', null);
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    const misspelt = { ...config, electronFuses: { ...config.electronFuses, enableRunAsNode: false } };
    await expect(validateConfiguration(misspelt, new DebugLogger(false))).rejects.toThrow(/electronFuses/);
  });
});
