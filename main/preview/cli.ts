import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildWeb } from '../../build/web-build';
import { createServices, stderrSink } from '../core/services';
import { openKeychain } from '../core/secrets/keychain';
import type { Platform } from '../core/platform';
import { createDispatcher } from '../ipc/dispatch';
import { createHandlers } from '../ipc/handlers';
import { startDemoServer } from '../simulator/demo';
import { startPreviewHost, type PreviewHost } from './host';
import packageJson from '../../package.json';

/**
 * `npm run preview`: the whole app in a browser, for machines where Electron cannot run.
 * Same core services, same contract, same renderer; only window.api's transport differs.
 */

function defaultDataDir(): string {
  const name = `${packageJson.productName} (preview)`;
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support', name);
  if (process.platform === 'win32') return path.join(process.env['APPDATA'] ?? os.homedir(), name);
  return path.join(process.env['XDG_CONFIG_HOME'] ?? path.join(os.homedir(), '.config'), name);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      'data-dir': { type: 'string' },
      'no-build': { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
      // Start straight in demo mode (the built-in simulator), unless an account is set up.
      demo: { type: 'boolean', default: false },
    },
  });
  const root = path.resolve(__dirname, '../..');
  const staticDir = path.join(root, 'out/web');
  if (!values['no-build']) await buildWeb(staticDir);

  const dataDir = path.resolve(values['data-dir'] ?? process.env['APP_DATA_DIR'] ?? defaultDataDir());
  let host: PreviewHost | null = null;
  const platform: Platform = {
    async openExternal(url) {
      host?.openUrl(url);
    },
    async saveFile(suggestedName, contents, mimeType) {
      const offered = host?.offerDownload(suggestedName, contents, mimeType) ?? false;
      return offered ? { saved: true, location: 'your browser’s downloads' } : { saved: false };
    },
  };
  const services = await createServices({
    dataDir,
    appName: packageJson.productName,
    appVersion: packageJson.version,
    platform,
    logSinks: values.quiet ? [] : [stderrSink],
    // The preview has no safeStorage; without a keychain it keeps the secret in memory and says so.
    secretStores: { keychain: () => openKeychain(), allowMemory: true },
    envBaseUrl: process.env['SMSGLOBAL_API_URL'],
    autoSync: true,
    appKind: 'preview',
    startDemoServer,
  });
  if (values.demo && services.account.status().mode === 'none') await services.account.startDemo();
  host = await startPreviewHost({
    dispatch: createDispatcher(createHandlers(services), services.log),
    events: services.events,
    log: services.log.child('preview'),
    staticDir,
    port: Number(values.port),
  });
  // The first line is machine-readable for the end-to-end tests; the rest is for people.
  process.stdout.write(`PREVIEW_URL=${host.url}\n`);
  process.stdout.write(`\n  WhatsApp Desk preview is running.\n  Open: ${host.url}\n  Data: ${dataDir}\n  Press Ctrl+C to stop.\n\n`);

  const stop = (): void => {
    void host
      ?.close()
      .then(() => services.close())
      .finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
