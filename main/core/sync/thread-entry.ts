import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { AppError, type AppErrorData } from '../../../shared/result';

/**
 * Starts one of the sync's threads. In the desktop build its code is a bundled file next to the
 * bundle that starts it (out/main/<bundled>.js); from source (the preview, tests, benchmarks) it
 * is the TypeScript module beside this one, loaded through tsx. The bootstrap is evaluated
 * CommonJS, so `require` finds native modules the way the main thread does (also in an asar).
 */
export function startThread(names: { source: string; bundled: string }, workerData: unknown): Worker {
  const source = path.join(__dirname, names.source);
  const typescript = fs.existsSync(source);
  const file = typescript ? source : path.join(__dirname, names.bundled);
  const lines: string[] = [];
  if (typescript) lines.push(`require(${JSON.stringify(createRequire(__filename).resolve('tsx/cjs/api'))}).register();`);
  lines.push(`require(${JSON.stringify(file)});`);
  return new Worker(lines.join('\n'), { eval: true, workerData });
}

/** An error as data that can cross to another thread: an AppError keeps its code and details. */
export function errorForThread(error: unknown): AppErrorData {
  if (error instanceof AppError) return error.toData();
  return { code: 'internal', message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
}
