/**
 * Per-user progress the pure core reads and updates: streaks, missions, quests and counters, each
 * under a key such as `streak/daily` or `mission/send_messages/20500`. The app loads the keys an
 * event needs (see progressKeys) under a lock and writes back what changed, in one transaction.
 * `dueAt` (epoch ms) is when a scheduled job must look at the entry again (a streak's break).
 */
export interface ProgressStore {
  get<T>(userId: string, key: string): T | undefined;
  set(userId: string, key: string, state: unknown, dueAt?: number | null): void;
}

export interface ProgressEntry {
  userId: string;
  key: string;
  state: unknown;
  dueAt: number | null;
}

/** A ProgressStore in memory that remembers which entries changed (user → key → entry: no key string per access). */
export class MemoryProgressStore implements ProgressStore {
  private readonly entries = new Map<string, Map<string, ProgressEntry>>();
  private readonly dirty = new Map<string, Set<string>>();

  constructor(loaded: ProgressEntry[] = []) {
    for (const e of loaded) this.put(e);
  }

  private put(e: ProgressEntry): void {
    let keys = this.entries.get(e.userId);
    if (!keys) this.entries.set(e.userId, (keys = new Map()));
    keys.set(e.key, e);
  }

  get<T>(userId: string, key: string): T | undefined {
    return this.entries.get(userId)?.get(key)?.state as T | undefined;
  }

  set(userId: string, key: string, state: unknown, dueAt: number | null = null): void {
    this.put({ userId, key, state, dueAt });
    let keys = this.dirty.get(userId);
    if (!keys) this.dirty.set(userId, (keys = new Set()));
    keys.add(key);
  }

  /** Every entry held, loaded or set. */
  all(): ProgressEntry[] {
    return [...this.entries.values()].flatMap((keys) => [...keys.values()]);
  }

  /** The entries set since construction. */
  changed(): ProgressEntry[] {
    return [...this.dirty].flatMap(([userId, keys]) => [...keys].map((key) => this.entries.get(userId)!.get(key)!));
  }
}
