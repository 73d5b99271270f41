import type { AppError } from '../../shared/result';

/**
 * The app's one retry policy: full-jitter exponential backoff (AWS Architecture Blog,
 * "Exponential Backoff And Jitter"), and the server's Retry-After when it gives one. The API
 * client, the sync's page reads and the send pipeline all wait by this rule, so a struggling
 * API sees the same manners from every part of the app.
 */

export interface BackoffPolicy {
  /** The first wait's upper bound; each attempt doubles it. */
  baseMs: number;
  /** No wait is longer than this (Retry-After excepted). */
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 300, capMs: 30_000 };

/** Random in [0, min(cap, base · 2^attempt)]; attempt counts from 0. */
export function backoffDelay(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  return Math.round(random() * Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(attempt, 30)));
}

/** How long to wait before trying again after `error`: the server's Retry-After, else the backoff. */
export function retryDelay(error: AppError, attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  if (error.retryAfterSeconds !== undefined) return Math.max(0, error.retryAfterSeconds * 1000);
  return backoffDelay(attempt, policy, random);
}
