import { BusConsumer } from './bus-consumer';
import type { Subscription } from './transport.port';

/** A consumer following a topics key; `fail` makes the next subscribe throw (Kafka refusing a topic, say). */
class Following extends BusConsumer {
  key = 'a';
  fail = false;
  readonly subscribed: string[] = [];
  readonly errors: unknown[] = [];
  constructor() {
    super();
    this.followIntervalMs = 5;
  }
  protected override topicsKey(): string {
    return this.key;
  }
  protected async subscribe(): Promise<Subscription> {
    if (this.fail) throw new Error('topic refused');
    this.subscribed.push(this.key);
    return { close: async () => undefined } as unknown as Subscription;
  }
  protected override onFollowError(err: unknown): void {
    this.errors.push(err);
  }
}

const tick = () => new Promise((r) => setTimeout(r, 30));

describe('BusConsumer following its topics', () => {
  it('re-subscribes when the key changes, and after a failed attempt even when the key changed back (it stayed unsubscribed before)', async () => {
    const c = new Following();
    await c.onApplicationBootstrap();
    expect(c.subscribed).toEqual(['a']);
    c.key = 'b';
    await tick();
    expect(c.subscribed).toEqual(['a', 'b']);
    // A bad change: subscribing fails (reported), then the change is undone.
    c.fail = true;
    c.key = 'c';
    await tick();
    expect(c.errors.length).toBeGreaterThan(0);
    c.key = 'b';
    c.fail = false;
    await tick();
    expect(c.subscribed).toEqual(['a', 'b', 'b']); // subscribed again (the old code saw the old key and stayed unsubscribed)
    await c.onModuleDestroy();
  });
});
