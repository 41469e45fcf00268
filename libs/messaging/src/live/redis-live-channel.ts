import type { ConnectionOptions } from 'node:tls';
import Redis from 'ioredis';
import type { LiveChannel, LiveHandler } from './live-channel.port';

/**
 * Fan-out through Redis pub/sub: every instance subscribed to a channel gets what any instance
 * publishes. One subscriber connection per process, one Redis subscription per channel however
 * many local handlers it has (10,000 streams of 10,000 users: 10,000 channels, one connection).
 * After the subscriber connection drops and comes back (ioredis resubscribes by itself), every
 * handler gets `null`: messages published meanwhile are gone, so it re-reads its state.
 */
export class RedisLiveChannel implements LiveChannel {
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly handlers = new Map<string, Set<LiveHandler>>();
  private readonly subscribed = new Map<string, Promise<unknown>>();
  private connectedOnce = false;

  constructor(url: string, private readonly prefix: string, tls?: ConnectionOptions) {
    // Lazy: a service that never publishes or subscribes opens no connection.
    this.pub = new Redis(url, { maxRetriesPerRequest: 2, commandTimeout: 5_000, lazyConnect: true, ...(tls ? { tls } : {}) });
    this.sub = new Redis(url, { maxRetriesPerRequest: null, autoResubscribe: true, lazyConnect: true, ...(tls ? { tls } : {}) });
    this.pub.on('error', () => undefined);
    this.sub.on('error', () => undefined);
    this.sub.on('message', (channel: string, message: string) => {
      for (const h of this.handlers.get(channel) ?? []) h(message);
    });
    this.sub.on('ready', () => {
      if (this.connectedOnce) for (const set of this.handlers.values()) for (const h of set) h(null);
      this.connectedOnce = true;
    });
  }

  async publish(channel: string, message: string): Promise<void> {
    await this.pub.publish(this.prefix + channel, message);
  }

  /**
   * One pipeline: one write and one round trip for the batch, each command under the same
   * commandTimeout from now (not ioredis' auto-pipelining, whose commands wait for the pipeline
   * before them to finish: twice the timeout on a stalled Redis). Throws the first failure.
   */
  async publishAll(messages: readonly { channel: string; message: string }[]): Promise<void> {
    if (messages.length === 0) return;
    const pipeline = this.pub.pipeline();
    for (const m of messages) pipeline.publish(this.prefix + m.channel, m.message);
    const failed = (await pipeline.exec())?.find(([err]) => err);
    if (failed) throw failed[0];
  }

  async subscribe(channel: string, handler: LiveHandler): Promise<() => Promise<void>> {
    const key = this.prefix + channel;
    let set = this.handlers.get(key);
    if (!set) {
      this.handlers.set(key, (set = new Set()));
      this.subscribed.set(key, this.sub.subscribe(key));
    }
    set.add(handler);
    try {
      await this.subscribed.get(key);
    } catch (err) {
      set.delete(handler);
      if (set.size === 0) this.drop(key, set);
      throw err;
    }
    return async () => {
      set.delete(handler);
      if (set.size === 0 && this.handlers.get(key) === set) {
        this.drop(key, set);
        await this.sub.unsubscribe(key).catch(() => undefined);
      }
    };
  }

  private drop(key: string, set: Set<LiveHandler>): void {
    if (this.handlers.get(key) !== set) return;
    this.handlers.delete(key);
    this.subscribed.delete(key);
  }

  async close(): Promise<void> {
    this.handlers.clear();
    this.pub.disconnect();
    this.sub.disconnect();
  }
}
