import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { alreadyRunningMessage, LOCK_FILE, OWNER_FILE } from '../../../main/core/data-folder-lock';
import { AppError } from '../../../shared/result';
import { testServices } from '../../helpers/services';
import { tempDir } from '../../helpers/temp';

const root = path.resolve(__dirname, '../../..');
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function run(args: string[]): { child: ChildProcess; ready: Promise<number>; exited: Promise<Exit> } {
  // tsx as a loader, so the process a test kills is the one holding the lock.
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<Exit>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })));
  const ready = new Promise<number>((resolve, reject) => {
    // Not every run waits for READY: a refused start only has an exit.
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const pid = /READY (\d+)/.exec(stdout)?.[1];
      if (pid) resolve(Number(pid));
    });
    void exited.then((exit) => reject(new Error(`exited before READY: ${exit.stderr}`)));
  });
  ready.catch(() => undefined);
  return { child, ready, exited };
}

/** The core holding `dataDir` in its own process, like the desktop app or the preview. */
const instance = (dataDir: string, kind: 'desktop' | 'preview') => run([path.join(root, 'test/helpers/instance-child.ts'), dataDir, kind]);
/** The real `npm run preview` command line on that folder. */
const preview = (dataDir: string) => run([path.join(root, 'main/preview/cli.ts'), '--no-build', '--quiet', '--data-dir', dataDir]);

/** Every file under the folder with its bytes. */
function snapshot(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    // Reading the lock file here would be harmless (another process holds it), but it is empty.
    files.set(path.relative(dir, file), fs.readFileSync(file));
  }
  return files;
}

describe('one app per data folder', () => {
  it('refuses a second instance, desktop or preview, without touching the folder', { timeout: 90_000 }, async () => {
    const dataDir = tempDir();
    const owner = instance(dataDir, 'preview');
    const ownerPid = await owner.ready;
    const before = snapshot(dataDir);
    expect([...before.keys()]).toEqual(expect.arrayContaining([LOCK_FILE, OWNER_FILE, 'whatsapp-desk.sqlite3']));

    // The real preview command: a sentence on stderr, exit code 1.
    const second = await preview(dataDir).exited;
    expect(second.code).toBe(1);
    expect(second.stdout).not.toContain('PREVIEW_URL=');
    expect(second.stderr).toContain('WhatsApp Desk for SMSGlobal is already running on this data folder (the web preview, since ');
    expect(second.stderr).toContain(`process ${ownerPid}`);
    expect(second.stderr).toContain('Close it first, or start this one with another data folder.');

    // A desktop start is refused the same way (main/index.ts shows AppError messages in an error box).
    const desktop = await instance(dataDir, 'desktop').exited;
    expect(desktop.code).toBe(1);
    expect(desktop.stderr).toContain('is already running on this data folder (the web preview');

    // And in this process, through the composition root itself.
    const refused = await testServices(dataDir).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe('conflict');

    const after = snapshot(dataDir);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    for (const [file, bytes] of before) expect(after.get(file)?.equals(bytes), file).toBe(true);
    owner.child.kill('SIGKILL');
  });

  it('is freed by the kernel when the owner is killed', { timeout: 90_000 }, async () => {
    const dataDir = tempDir();
    const owner = instance(dataDir, 'desktop');
    const ownerPid = await owner.ready;
    owner.child.kill('SIGKILL');
    expect((await owner.exited).signal).toBe('SIGKILL');
    // The killed owner's record is still there, but the lock is not.
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, OWNER_FILE), 'utf8'))).toMatchObject({ pid: ownerPid, kind: 'desktop' });

    const next = instance(dataDir, 'preview');
    const nextPid = await next.ready;
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, OWNER_FILE), 'utf8'))).toMatchObject({ pid: nextPid, kind: 'preview' });
    // A record left by a dead process (as between a start and its record being written) is not quoted.
    fs.writeFileSync(path.join(dataDir, OWNER_FILE), JSON.stringify({ pid: ownerPid, startedAt: 1, kind: 'desktop', host: os.hostname() }));
    const third = await instance(dataDir, 'desktop').exited;
    expect(third.code).toBe(1);
    expect(third.stderr).toContain('is already running on this data folder (another copy of the app)');
    next.child.kill('SIGKILL');
    await next.exited;
  });

  it('is freed by a clean close, and the owner record goes with it', { timeout: 90_000 }, async () => {
    const dataDir = tempDir();
    const owner = instance(dataDir, 'preview');
    await owner.ready;
    owner.child.kill('SIGTERM');
    expect((await owner.exited).code).toBe(0);
    expect(fs.existsSync(path.join(dataDir, OWNER_FILE))).toBe(false);

    const { services } = await testServices(dataDir);
    // Held by this process now: a second start here is refused too, until it closes.
    await expect(testServices(dataDir)).rejects.toThrow('is already running on this data folder');
    await services.close();
    const again = await testServices(dataDir);
    expect(again.services.settings.get()).toBeTruthy();
  });

  it('says in a sentence who holds the folder', () => {
    const message = alreadyRunningMessage('WhatsApp Desk', '/data', { pid: 42, startedAt: Date.UTC(2025, 0, 2, 3, 4), kind: 'desktop', host: 'elsewhere' });
    expect(message).toMatch(/^WhatsApp Desk is already running on this data folder \(the desktop app, since .+, process 42, on the computer “elsewhere”\)\./);
    expect(message).toContain('Data folder: /data');
    expect(alreadyRunningMessage('WhatsApp Desk', '/data', null)).toContain('(another copy of the app)');
  });
});
