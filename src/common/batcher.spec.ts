import { describe, expect, it } from 'vitest';
import { Batcher } from './batcher.js';

/** A batcher over numbers whose statement doubles each item, recording every batch it ran. */
function doubling(opts: { failOn?: number; maxBatch?: number } = {}) {
  const batches: number[][] = [];
  const b = new Batcher<number, number>(
    async (items) => {
      batches.push(items);
      if (opts.failOn !== undefined && items.includes(opts.failOn)) throw new Error(`bad item ${opts.failOn}`);
      return items.map((i) => i * 2);
    },
    (i) => String(i),
    opts.maxBatch,
  );
  return { b, batches };
}

describe('Batcher', () => {
  it('runs the calls of one turn of the event loop as one batch, each getting its own result', async () => {
    const { b, batches } = doubling();
    expect(await Promise.all([b.submit(1), b.submit(2), b.submit(3)])).toEqual([2, 4, 6]);
    expect(batches).toEqual([[1, 2, 3]]);
    expect(await b.submit(4)).toBe(8);
    expect(batches).toEqual([[1, 2, 3], [4]]);
  });

  it('never puts two items with the same key in one batch', async () => {
    const { b, batches } = doubling();
    expect(await Promise.all([b.submit(1), b.submit(1), b.submit(2), b.submit(1)])).toEqual([2, 2, 4, 2]);
    expect(batches).toEqual([[1, 2], [1], [1]]);
  });

  it('splits a large turn into batches of at most maxBatch', async () => {
    const { b, batches } = doubling({ maxBatch: 2 });
    expect(await Promise.all([1, 2, 3, 4, 5].map((i) => b.submit(i)))).toEqual([2, 4, 6, 8, 10]);
    expect(batches.map((x) => x.length)).toEqual([2, 2, 1]);
  });

  it('sends a full batch at once, before the turn of the event loop ends', async () => {
    const { b, batches } = doubling({ maxBatch: 3 });
    const out = [1, 2, 3, 4].map((i) => b.submit(i));
    // Still in the same turn: the first three are already running, the fourth waits for the turn's end.
    expect(batches).toEqual([[1, 2, 3]]);
    expect(await Promise.all(out)).toEqual([2, 4, 6, 8]);
    expect(batches).toEqual([[1, 2, 3], [4]]);
  });

  it('when a batch fails, runs its items one by one so that only the item at fault fails', async () => {
    const { b, batches } = doubling({ failOn: 2 });
    const out = await Promise.allSettled([b.submit(1), b.submit(2), b.submit(3)]);
    expect(out).toEqual([
      { status: 'fulfilled', value: 2 },
      { status: 'rejected', reason: new Error('bad item 2') },
      { status: 'fulfilled', value: 6 },
    ]);
    expect(batches).toEqual([[1, 2, 3], [1], [2], [3]]);
  });
});
