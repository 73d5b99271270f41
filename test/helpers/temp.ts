import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';

const made: string[] = [];

afterEach(() => {
  while (made.length > 0) fs.rmSync(made.pop() as string, { recursive: true, force: true });
});

/** A fresh folder under the OS temp dir, removed after the current test. */
export function tempDir(prefix = 'wadesk-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}
