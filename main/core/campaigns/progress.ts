/**
 * `campaigns.progress` at most 10 a second in all: campaigns mark themselves changed as often as
 * they like; every 100 ms the one waiting longest goes out (so two busy campaigns take turns),
 * and the timer stops when nothing is waiting.
 */
export const PROGRESS_INTERVAL_MS = 100;

export class ProgressTicker {
  /** Campaigns waiting to be told, in the order they first changed. */
  private readonly waiting = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private last = Number.NEGATIVE_INFINITY;
  private closed = false;

  constructor(
    private readonly emit: (id: string) => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  mark(id: string): void {
    if (this.closed) return;
    this.waiting.add(id);
    this.arm();
  }

  private arm(): void {
    if (this.timer || this.waiting.size === 0) return;
    const wait = Math.max(0, this.last + PROGRESS_INTERVAL_MS - this.now());
    this.timer = setTimeout(() => this.tick(), wait);
    this.timer.unref();
  }

  private tick(): void {
    this.timer = null;
    const [id] = this.waiting;
    if (id === undefined) return;
    this.waiting.delete(id);
    this.last = this.now();
    try {
      this.emit(id);
    } finally {
      this.arm();
    }
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.waiting.clear();
  }
}
