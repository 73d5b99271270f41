import { z } from 'zod';
import type { Random } from './random';

/**
 * Fault injection. Two layers: rates (chaos for the demo and soak tests, drawn from the seeded
 * RNG) and a script of rules consumed in order (exact, repeatable scenarios for tests).
 */

export const FaultAction = z.enum([
  'status', // answer with `status` (and Retry-After for 429) without processing
  'reset-before', // drop the connection before processing the request
  'reset-after', // process the request, then drop the connection without answering
  'hang-after', // process the request, then never answer (the client times out)
  'malformed', // process, then answer 200 with broken JSON
  'slow-body', // process, then drip the answer over `ms`
  'delay', // wait `ms`, then behave normally
]);
export type FaultAction = z.infer<typeof FaultAction>;

export const FaultRule = z.object({
  action: FaultAction,
  match: z.object({ method: z.string().optional(), path: z.string().optional() }).optional(),
  status: z.number().int().min(100).max(599).optional(),
  retryAfter: z.number().int().min(0).optional(),
  ms: z.number().int().min(0).optional(),
  /** How many matching requests the rule applies to (default 1). */
  times: z.number().int().min(1).optional(),
});
export type FaultRule = z.infer<typeof FaultRule>;

export const FaultConfig = z.object({
  latencyMs: z.number().min(0).default(0),
  latencyJitterMs: z.number().min(0).default(0),
  /** Probability per status code, e.g. {"500": 0.05, "503": 0.02}. */
  errorRates: z.record(z.string().regex(/^\d{3}$/), z.number().min(0).max(1)).default({}),
  resetBeforeRate: z.number().min(0).max(1).default(0),
  resetAfterRate: z.number().min(0).max(1).default(0),
  malformedRate: z.number().min(0).max(1).default(0),
  slowBodyRate: z.number().min(0).max(1).default(0),
  slowBodyMs: z.number().min(0).default(2000),
  /** Requests per second before 429 (0 = unlimited), and the Retry-After it announces. */
  rateLimitPerSecond: z.number().min(0).default(0),
  retryAfterSeconds: z.number().int().min(0).default(1),
  /**
   * How long a new message takes to show in the incoming and outgoing lists (SMSGlobal's lists
   * may lag behind a send it has accepted). Gets by id are not delayed.
   */
  listingDelayMs: z.number().min(0).default(0),
  /** Shifts the server's clock (Date header and MAC ts check), to simulate skew. */
  clockOffsetMs: z.number().default(0),
});
export type FaultConfig = z.infer<typeof FaultConfig>;

export interface FaultDecision {
  action: FaultAction | 'none';
  status?: number;
  retryAfter?: number;
  ms?: number;
}

export class Faults {
  config: FaultConfig = FaultConfig.parse({});
  private script: (FaultRule & { remaining: number })[] = [];
  private windowStart = 0;
  private windowCount = 0;
  /** Faults served since the last reset, by action (a status by its code): tests check they happened. */
  private readonly served = new Map<string, number>();

  constructor(private readonly random: Random) {}

  configure(patch: unknown): FaultConfig {
    this.config = FaultConfig.parse({ ...this.config, ...(patch as object) });
    return this.config;
  }

  reset(): void {
    this.config = FaultConfig.parse({});
    this.script = [];
    this.served.clear();
  }

  /** How many requests got each fault, e.g. {"malformed": 3, "429": 5, "reset-before": 2}. */
  counts(): Record<string, number> {
    return Object.fromEntries(this.served);
  }

  addRules(rules: FaultRule[]): void {
    for (const rule of rules) this.script.push({ ...rule, remaining: rule.times ?? 1 });
  }

  pendingRules(): number {
    return this.script.length;
  }

  latency(): number {
    const { latencyMs, latencyJitterMs } = this.config;
    return latencyMs + (latencyJitterMs > 0 ? this.random() * latencyJitterMs : 0);
  }

  /** Decides what happens to one request. Scripted rules first, then the rate limit, then rates. */
  decide(method: string, path: string, nowMs: number): FaultDecision {
    const decision = this.choose(method, path, nowMs);
    if (decision.action !== 'none' && decision.action !== 'delay') {
      const name = decision.action === 'status' ? String(decision.status ?? 500) : decision.action;
      this.served.set(name, (this.served.get(name) ?? 0) + 1);
    }
    return decision;
  }

  private choose(method: string, path: string, nowMs: number): FaultDecision {
    const index = this.script.findIndex(
      (rule) => (!rule.match?.method || rule.match.method.toUpperCase() === method) && (!rule.match?.path || path.startsWith(rule.match.path)),
    );
    if (index >= 0) {
      const rule = this.script[index] as FaultRule & { remaining: number };
      rule.remaining -= 1;
      if (rule.remaining <= 0) this.script.splice(index, 1);
      const decision: FaultDecision = { action: rule.action };
      if (rule.status !== undefined) decision.status = rule.status;
      if (rule.retryAfter !== undefined) decision.retryAfter = rule.retryAfter;
      if (rule.ms !== undefined) decision.ms = rule.ms;
      return decision;
    }
    const c = this.config;
    if (c.rateLimitPerSecond > 0) {
      if (nowMs - this.windowStart >= 1000) {
        this.windowStart = nowMs;
        this.windowCount = 0;
      }
      this.windowCount += 1;
      if (this.windowCount > c.rateLimitPerSecond) return { action: 'status', status: 429, retryAfter: c.retryAfterSeconds };
    }
    for (const [status, rate] of Object.entries(c.errorRates)) {
      if (this.random() < rate) return { action: 'status', status: Number(status), retryAfter: c.retryAfterSeconds };
    }
    if (this.random() < c.resetBeforeRate) return { action: 'reset-before' };
    if (this.random() < c.resetAfterRate) return { action: 'reset-after' };
    if (this.random() < c.malformedRate) return { action: 'malformed' };
    if (this.random() < c.slowBodyRate) return { action: 'slow-body', ms: c.slowBodyMs };
    return { action: 'none' };
  }
}
