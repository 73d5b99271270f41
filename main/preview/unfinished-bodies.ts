/**
 * Counts request bodies still arriving, per client, so slow senders cannot pile up unfinished
 * bodies (each holds a socket and a buffer) in the preview host.
 *
 * The client is the remote address. Per connection the count is at most one anyway (HTTP/1.1
 * sends one body after another on a connection), so the bound that matters is across a client's
 * connections. On loopback every local program shares 127.0.0.1, so in practice this bounds the
 * host as a whole; the page itself never has more bodies in flight than Chromium's six
 * connections per host.
 */
export class UnfinishedBodies {
  private readonly counts = new Map<string, number>();

  constructor(private readonly perClient: number) {}

  /** A release function for a body that may start now, or null when the client is at its bound. */
  enter(client: string): (() => void) | null {
    const count = this.counts.get(client) ?? 0;
    if (count >= this.perClient) return null;
    this.counts.set(client, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.counts.get(client) ?? 1) - 1;
      if (left === 0) this.counts.delete(client);
      else this.counts.set(client, left);
    };
  }

  inFlight(client: string): number {
    return this.counts.get(client) ?? 0;
  }
}
