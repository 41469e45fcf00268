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
});
