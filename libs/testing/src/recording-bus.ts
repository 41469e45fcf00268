import type { TopicMessages, TopicName } from '@questline/contracts';
import type { MessageBus, OutgoingMessage, StalledPartition, Subscription } from '@questline/messaging';

/**
 * A named fake of the message bus for use-case tests: keeps what was published, per topic, in
 * publish order. Only `publish` is meaningful; a use case that subscribes or reads the broker
 * needs the real in-process or Kafka bus instead.
 */
export class RecordingBus implements MessageBus {
  private readonly published = new Map<string, OutgoingMessage<TopicName>[]>();

  /** What was published to `topic`, oldest first. */
  sent<T extends TopicName>(topic: T): OutgoingMessage<T>[] {
    return (this.published.get(topic) ?? []) as OutgoingMessage<T>[];
  }

  /** The values published to `topic` for which `keep` holds. */
  values<T extends TopicName>(topic: T, keep: (value: TopicMessages[T]) => boolean = () => true): TopicMessages[T][] {
    return this.sent(topic).map((m) => m.value).filter(keep);
  }

  /** Forgets everything published so far. */
  clear(): void {
    this.published.clear();
  }

  async publish<T extends TopicName>(topic: T, messages: OutgoingMessage<T>[]): Promise<void> {
    const list = this.published.get(topic) ?? [];
    for (const m of messages) list.push(m as OutgoingMessage<TopicName>);
    this.published.set(topic, list);
  }

  async ensureTopics(): Promise<void> {}
  async publishRaw(): Promise<void> {
    throw new Error('RecordingBus: publishRaw is not recorded; use the in-process bus');
  }
  async subscribe(): Promise<Subscription> {
    throw new Error('RecordingBus: subscribe needs the in-process or Kafka bus');
  }
  async subscribeRaw(): Promise<Subscription> {
    throw new Error('RecordingBus: subscribeRaw needs the in-process or Kafka bus');
  }
  async redeliver(): Promise<void> {
    throw new Error('RecordingBus: redeliver needs the in-process or Kafka bus');
  }
  async isHealthy(): Promise<boolean> {
    return true;
  }
  async consumerLag(): Promise<[]> {
    return [];
  }

  stalled(): StalledPartition[] {
    return [];
  }
  skip(): void {
    throw new Error('RecordingBus: skip needs the in-process or Kafka bus');
  }
  async close(): Promise<void> {}
}
