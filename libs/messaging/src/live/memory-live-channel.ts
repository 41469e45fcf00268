import type { LiveChannel, LiveHandler } from './live-channel.port';

/** One process's fan-out (standalone mode, unit tests). */
export class MemoryLiveChannel implements LiveChannel {
  private readonly handlers = new Map<string, Set<LiveHandler>>();

  async publish(channel: string, message: string): Promise<void> {
    for (const h of [...(this.handlers.get(channel) ?? [])]) queueMicrotask(() => h(message));
  }

  async publishAll(messages: readonly { channel: string; message: string }[]): Promise<void> {
    for (const m of messages) await this.publish(m.channel, m.message);
  }

  async subscribe(channel: string, handler: LiveHandler): Promise<() => Promise<void>> {
    let set = this.handlers.get(channel);
    if (!set) this.handlers.set(channel, (set = new Set()));
    set.add(handler);
    return async () => {
      set.delete(handler);
      if (set.size === 0 && this.handlers.get(channel) === set) this.handlers.delete(channel);
    };
  }

  async close(): Promise<void> {
    this.handlers.clear();
  }
}
