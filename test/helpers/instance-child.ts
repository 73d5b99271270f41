/**
 * The app's core in its own process, holding a data folder the way the desktop app or the
 * preview does (POSIX locks belong to a process, so a lock test needs real separate processes).
 * Usage: node --import tsx test/helpers/instance-child.ts <dataDir> <desktop|preview> (not the tsx
 * command, which runs the script in a grandchild that a SIGKILL of the child would leave alive).
 * Prints "READY <pid>" once started; SIGTERM closes the services and exits 0. A refused start
 * prints the message on stderr and exits 1, as the preview does.
 */
import { createServices } from '../../main/core/services';

async function main(): Promise<void> {
  const [dataDir, kind] = process.argv.slice(2);
  if (!dataDir || (kind !== 'desktop' && kind !== 'preview')) throw new Error('usage: instance-child <dataDir> <desktop|preview>');
  const services = await createServices({
    dataDir,
    appName: 'WhatsApp Desk for SMSGlobal',
    appVersion: '0',
    appKind: kind,
    platform: { openExternal: async () => undefined, saveFile: async () => ({ saved: false }) },
    secretStores: { keychain: async () => ({ store: null, reason: 'tests' }), allowMemory: true },
  });
  // Held open like the app, whose window or web server keeps it running.
  const alive = setInterval(() => undefined, 60_000);
  process.on('SIGTERM', () => {
    clearInterval(alive);
    void services.close().then(() => process.exit(0));
  });
  process.stdout.write(`READY ${process.pid}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
