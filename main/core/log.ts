import fs from 'node:fs';
import path from 'node:path';

/**
 * A small structured logger. Every line passes through the redactor first, so a secret that
 * main holds in memory can never be written out, even inside an error message or stack.
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(message: string, data?: Record<string, unknown>): void;
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
  child(scope: string): Logger;
}

export interface LogSink {
  write(line: string): void;
}

/** Secrets registered here are replaced by "[redacted]" in every log line. */
export class Redactor {
  private readonly secrets = new Set<string>();

  add(secret: string): void {
    // Very short values would redact ordinary words; secrets are at least 8 characters (shared/account.ts).
    if (secret.length < 6) return;
    this.secrets.add(secret);
    // Lines are JSON: a secret with quotes or backslashes appears escaped there.
    this.secrets.add(JSON.stringify(secret).slice(1, -1));
  }

  remove(secret: string): void {
    this.secrets.delete(secret);
    this.secrets.delete(JSON.stringify(secret).slice(1, -1));
  }

  redact(text: string): string {
    let out = text;
    for (const secret of this.secrets) out = out.split(secret).join('[redacted]');
    // A signed Authorization header carries a MAC derived from the secret: never log it.
    // Lines are JSON, so the quotes around it may be escaped.
    return out.replace(/\bmac=(\\?")[A-Za-z0-9+/=]+/g, 'mac=$1[redacted]');
  }
}

function describe(value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  return value;
}

export function createLogger(options: {
  sinks: LogSink[];
  redactor: Redactor;
  level?: LogLevel;
  scope?: string;
}): Logger {
  const minimum = order[options.level ?? 'info'];
  const write = (level: LogLevel, message: string, data?: Record<string, unknown>): void => {
    if (order[level] < minimum) return;
    const entry: Record<string, unknown> = { time: new Date().toISOString(), level, message };
    if (options.scope) entry.scope = options.scope;
    if (data) for (const [key, value] of Object.entries(data)) entry[key] = describe(value);
    let line: string;
    try {
      line = JSON.stringify(entry);
    } catch {
      line = JSON.stringify({ time: entry.time, level, message, note: 'unserializable data' });
    }
    const safe = options.redactor.redact(line);
    for (const sink of options.sinks) sink.write(safe + '\n');
  };
  return {
    debug: (m, d) => write('debug', m, d),
    info: (m, d) => write('info', m, d),
    warn: (m, d) => write('warn', m, d),
    error: (m, d) => write('error', m, d),
    child: (scope) =>
      createLogger({ ...options, scope: options.scope ? `${options.scope}.${scope}` : scope }),
  };
}

const MAX_LOG_BYTES = 5 * 1024 * 1024;

/** Appends to <dir>/app.log (0600), keeping one previous file once it passes 5 MB. */
export function fileSink(dir: string): LogSink {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, 'app.log');
  try {
    if (fs.statSync(file).size > MAX_LOG_BYTES) fs.renameSync(file, `${file}.1`);
  } catch {
    // No log yet.
  }
  const fd = fs.openSync(file, 'a', 0o600);
  return { write: (line) => fs.writeSync(fd, line) };
}

export const stderrSink: LogSink = { write: (line) => process.stderr.write(line) };

export function memorySink(): LogSink & { lines: string[] } {
  const lines: string[] = [];
  return { lines, write: (line) => lines.push(line) };
}
