import { GroupCommit } from './group-commit';

describe('GroupCommit', () => {
  it('flushes alone when idle, and groups what arrives while a flush runs', async () => {
    const groups: number[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const commit = new GroupCommit<number, string>(
      async (items) => {
        groups.push(items);
        if (groups.length === 1) await gate;
        return items.map((i) => `ok${i}`);
      },
      { maxItems: 3, maxInFlight: 1 },
    );
    const first = commit.submit(1);
    await new Promise((r) => setImmediate(r));
    const rest = [2, 3, 4, 5].map((i) => commit.submit(i));
    release();
    expect(await Promise.all([first, ...rest])).toEqual(['ok1', 'ok2', 'ok3', 'ok4', 'ok5']);
    expect(groups).toEqual([[1], [2, 3, 4], [5]]);
  });

  it('fails every caller of a failed group, and only them', async () => {
    const commit = new GroupCommit<number, number>(
      async (items) => {
        if (items.includes(13)) throw new Error('database down');
        return items;
      },
      { maxItems: 10, maxInFlight: 2 },
    );
    await expect(commit.submitMany([12, 13])).rejects.toThrow('database down');
    await expect(commit.submit(14)).resolves.toBe(14);
  });

  it('isolates an item the database refuses: the others of its group are written, only its caller fails', async () => {
    const flushed: number[][] = [];
    const commit = new GroupCommit<number, number>(
      async (items) => {
        flushed.push(items);
        if (items.includes(13)) throw Object.assign(new Error('invalid byte sequence'), { refused: true });
        return items;
      },
      { maxItems: 10, maxInFlight: 1, isolate: (err) => (err as { refused?: boolean }).refused === true },
    );
    const results = await Promise.allSettled([10, 11, 12, 13, 14, 15].map((i) => commit.submit(i)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    // One group, then halves until 13 is alone: O(log n) flushes, not one per item.
    expect(flushed[0]).toEqual([10, 11, 12, 13, 14, 15]);
    expect(flushed.at(-1)).toEqual([15]);
    expect(flushed.length).toBeLessThanOrEqual(7);
  });
});
