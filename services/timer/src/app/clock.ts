/** Time for the timer scheduler: what time it is, and a call back at a given time. */
export interface Clock {
  now(): Date;
  /** Calls `fn` once at `at` (at once if it has passed); the answer cancels the call. */
  schedule(at: Date, fn: () => void): () => void;
}

/** The real time. */
export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }

  schedule(at: Date, fn: () => void): () => void {
    // A timeout can run a millisecond before Date.now() reaches its deadline: wait one more.
    const handle = setTimeout(fn, Math.max(0, at.getTime() - Date.now()) + 1);
    return () => clearTimeout(handle);
  }
}

/** A clock that moves only when told to, running what falls due on the way, in order. */
export class ManualClock implements Clock {
  private current: number;
  private readonly pending = new Set<{ at: number; fn: () => void }>();

  constructor(start: Date = new Date('2026-12-01T10:00:00Z')) {
    this.current = start.getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  schedule(at: Date, fn: () => void): () => void {
    const entry = { at: at.getTime(), fn };
    this.pending.add(entry);
    // Like a timeout: a time that has passed runs at once, though not inside this call.
    if (entry.at <= this.current) queueMicrotask(() => this.advanceTo(this.now()));
    return () => {
      this.pending.delete(entry);
    };
  }

  /** The scheduled calls not run yet, soonest first. */
  scheduled(): Date[] {
    return [...this.pending].map((entry) => new Date(entry.at)).sort((a, b) => a.getTime() - b.getTime());
  }

  /** Moves time to `to` (never back), running each call due by then. */
  advanceTo(to: Date): void {
    this.current = Math.max(this.current, to.getTime());
    for (;;) {
      const due = [...this.pending]
        .filter((entry) => entry.at <= this.current)
        .sort((a, b) => a.at - b.at)[0];
      if (!due) return;
      this.pending.delete(due);
      due.fn();
    }
  }

  advance(ms: number): void {
    this.advanceTo(new Date(this.current + ms));
  }
}
