import { floorToSecond } from '../sync/windowing';

/**
 * When may a message whose send had no answer be sent again? Only when SMSGlobal's outgoing list
 * provably covers the moment of the attempt and still does not show it. The list may lag behind
 * the sends SMSGlobal has accepted (by seconds, or longer on a bad day), so a fixed grace period
 * proves nothing. What does:
 *
 * (a) a witness: a message accepted after the attempt was over (its POST started later, by this
 *     process's own clock) is already listed. Lists fill in the order messages were created, so
 *     anything created before it is listed too. No clock arithmetic at all.
 * (b) the list's newest entry is later than the latest moment the attempt could carry on the
 *     list's clock. That moment comes from calibration: every accepted send tells how the list's
 *     clock (SMSGlobal's, read in the account's time zone, whole seconds) relates to ours.
 *
 * Our clock here is the process's monotonic clock, which the user or NTP cannot move. It stops
 * while the computer sleeps, so a witness (or an attempt) is only used while the wall clock
 * agrees with it about the time elapsed since; after a jump either way, calibration starts over
 * and attempts fall back to wide windows. Every function here is pure but the small log.
 */

const DAY_MS = 86_400_000;
/** How far the two clocks may drift apart (ms) before a reading is treated as from another epoch. */
export const CLOCK_JUMP_MS = 1_000;

export interface Witness {
  providerId: string;
  recipient: string;
  /** When its POST started and when SMSGlobal's answer came (monotonic ms). */
  startedAt: number;
  answeredAt: number;
  /** The wall clock when the answer came. */
  wallAt: number;
  /** Its createdDate, on the list's clock (epoch ms, whole seconds). */
  listedAt: number;
}

/** The list's clock minus our monotonic clock lies in [lo, hi]. */
export interface ClockOffsets {
  lo: number;
  hi: number;
}

export interface Clocks {
  mono: number;
  wall: number;
}

/** Neither clock jumped between a reading (mono, wall) and now. */
export function steady(mono: number, wall: number, now: Clocks): boolean {
  return Math.abs(now.mono - mono - (now.wall - wall)) <= CLOCK_JUMP_MS;
}

/**
 * A witness was created on SMSGlobal between its POST and its answer, and the list shows that
 * moment rounded down to the second: listedAt ≤ created < listedAt + 1 s, and startedAt + offset
 * ≤ created ≤ answeredAt + offset. Every witness bounds the offset; the tightest bounds win.
 */
export function offsetsFrom(witnesses: readonly Witness[]): ClockOffsets | null {
  if (witnesses.length === 0) return null;
  let lo = Number.NEGATIVE_INFINITY;
  let hi = Number.POSITIVE_INFINITY;
  for (const w of witnesses) {
    lo = Math.max(lo, w.listedAt - w.answeredAt);
    hi = Math.min(hi, w.listedAt + 1000 - w.startedAt);
  }
  // Bounds that cross mean a clock moved in a way the jump check missed: trust none of it.
  return lo <= hi ? { lo, hi } : null;
}

/** What the pipeline knows of one attempt whose outcome is unknown. */
export interface AttemptTimes {
  /** When its POST started (monotonic), when it is from this run and both clocks stayed steady. */
  startedAt: number | null;
  /** When the app knew the attempt was over (error, timeout, or found after a restart) — monotonic. */
  settledAt: number;
  /** When its POST started, by the wall clock (stored with the record; survives a restart). */
  attemptedAt: number;
}

export interface ListWindow {
  /** Inclusive list-clock range, whole seconds. */
  window: [number, number];
  /** Where on the list's clock the attempt most likely is (for "nearest in time"). */
  at: number;
  /** True when calibrated; false for the wide window around the wall-clock time. */
  narrow: boolean;
}

/**
 * Where the attempt's listing must be, if it exists. Calibrated: from its start to its end, moved
 * onto the list's clock, a second of margin each side. Otherwise a day either side of the stored
 * time, since the account's time zone or the computer's clock may be wrong by hours.
 */
export function listWindow(attempt: AttemptTimes, offsets: ClockOffsets | null, now: Clocks): ListWindow {
  if (offsets && attempt.startedAt !== null) {
    const start = floorToSecond(attempt.startedAt + offsets.lo) - 1000;
    const end = floorToSecond(attempt.settledAt + offsets.hi) + 1000;
    return { window: [start, end], at: attempt.startedAt + (offsets.lo + offsets.hi) / 2, narrow: true };
  }
  return { window: [floorToSecond(attempt.attemptedAt - DAY_MS), floorToSecond(now.wall + DAY_MS)], at: attempt.attemptedAt, narrow: false };
}

/** (b): the earliest list-clock time whose listing proves the attempt would be listed too. */
export function coverageBound(settledAt: number, offsets: ClockOffsets): number {
  return settledAt + offsets.hi;
}

/** (b) for a batch: the attempts a listed entry at `newestListed` covers. */
export function coveredByNewest<K>(attempts: readonly { key: K; settledAt: number }[], offsets: ClockOffsets, newestListed: number): K[] {
  return attempts.filter((a) => newestListed >= coverageBound(a.settledAt, offsets)).map((a) => a.key);
}

/** (a) for a batch: the attempts a witness seen in the list covers. */
export function coveredByWitness<K>(attempts: readonly { key: K; settledAt: number }[], witness: Witness): K[] {
  return attempts.filter((a) => witness.startedAt >= a.settledAt).map((a) => a.key);
}

/**
 * The accepted sends of one API client (one account, one time zone), newest last, kept for a
 * while: calibration reads them all; the witness rule wants the earliest one after an attempt.
 */
export class WitnessLog {
  private readonly items: Witness[] = [];

  constructor(
    private readonly max = 2048,
    private readonly keepMs = 10 * 60_000,
  ) {}

  add(witness: Witness): void {
    this.items.push(witness);
    if (this.items.length > this.max * 2) this.items.splice(0, this.items.length - this.max);
  }

  /** Witnesses taken recently, with both clocks steady since. */
  usable(now: Clocks): Witness[] {
    const recent = this.items.slice(-this.max);
    return recent.filter((w) => now.mono - w.answeredAt <= this.keepMs && steady(w.answeredAt, w.wallAt, now));
  }

  offsets(now: Clocks): ClockOffsets | null {
    return offsetsFrom(this.usable(now));
  }

  /** The earliest usable witness whose POST started at or after `mono`. */
  firstFrom(mono: number, now: Clocks): Witness | null {
    return this.usable(now).find((w) => w.startedAt >= mono) ?? null;
  }
}
