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

/** A ProgressStore in memory that remembers which entries changed. */
export class MemoryProgressStore implements ProgressStore {
  private readonly entries = new Map<string, ProgressEntry>();
  private readonly dirty = new Set<string>();

  constructor(loaded: ProgressEntry[] = []) {
    for (const e of loaded) this.entries.set(this.id(e.userId, e.key), e);
  }

  private id(userId: string, key: string): string {
    return `${userId}\u0000${key}`;
  }

  get<T>(userId: string, key: string): T | undefined {
    return this.entries.get(this.id(userId, key))?.state as T | undefined;
  }

  set(userId: string, key: string, state: unknown, dueAt: number | null = null): void {
    const id = this.id(userId, key);
    this.entries.set(id, { userId, key, state, dueAt });
    this.dirty.add(id);
  }

  /** Every entry held, loaded or set. */
  all(): ProgressEntry[] {
    return [...this.entries.values()];
  }

  /** The entries set since construction. */
  changed(): ProgressEntry[] {
    return [...this.dirty].map((id) => this.entries.get(id)!);
  }
}
