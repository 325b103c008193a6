/**
 * Group commit at the application's level: calls made while the event loop is busy are collected and run together
 * as one statement when it next turns (setImmediate), instead of one round trip and one commit each. On a machine
 * where a socket write costs a tenth of a millisecond, this is what lets actions keep up with PostgreSQL.
 *
 * - One batch never holds two items with the same key (the same dossier): a duplicate waits for the next batch, so a
 *   statement never has to decide between two changes of one row.
 * - `run` answers one result per item, in order. If it fails for a batch of several, each item is run again alone,
 *   so that only the item at fault fails (a single statement is atomic: the failed batch wrote nothing).
 * - A lone caller waits for nothing but the end of the current turn of the event loop.
 * - A batch that is full is sent at once, without waiting for the end of the turn: PostgreSQL starts on it while this
 *   process is still preparing the next one. With the whole load in one batch, PostgreSQL (one backend, one
 *   statement) and this single-threaded process took turns and the two cores sat idle a third of the time; batches
 *   of 8 sent as they fill kept both busy (issue 4's benchmark: +2 to +31% actions/s over 4 alternating pairs).
 *   The limit is the caller's: the dossier write, which most actions reach without a read, takes 16 (ADR 0012).
 */
export class Batcher<I, O> {
  private queue: Pending<I, O>[] = [];
  private scheduled = false;

  constructor(
    private readonly run: (items: I[]) => Promise<O[]>,
    private readonly key: (item: I) => string,
    private readonly maxBatch = 8,
  ) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, key: this.key(item), resolve, reject });
      if (this.queue.length >= this.maxBatch) this.flush();
      else this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.scheduled = false;
    // A batch sent when full may leave a scheduled flush with nothing to do.
    if (this.queue.length === 0) return;
    const batch: Pending<I, O>[] = [];
    const later: Pending<I, O>[] = [];
    const keys = new Set<string>();
    for (const p of this.queue) {
      if (batch.length < this.maxBatch && !keys.has(p.key)) {
        keys.add(p.key);
        batch.push(p);
      } else {
        later.push(p);
      }
    }
    this.queue = later;
    if (later.length > 0) this.schedule();
    void this.runBatch(batch);
  }

  private async runBatch(batch: Pending<I, O>[]): Promise<void> {
    try {
      const out = await this.run(batch.map((p) => p.item));
      batch.forEach((p, i) => p.resolve(out[i]));
    } catch (e) {
      if (batch.length === 1) return batch[0].reject(e);
      await Promise.all(batch.map((p) => this.runBatch([p])));
    }
  }
}

interface Pending<I, O> {
  item: I;
  key: string;
  resolve(out: O): void;
  reject(e: unknown): void;
}
