export const LIVE_CHANNEL = Symbol('LIVE_CHANNEL');

/**
 * A message on a live channel, or `null`: "messages may have been lost" (the connection to the
 * fan-out dropped and came back). A subscriber that keeps state re-reads it from its source of truth.
 */
export type LiveHandler = (message: string | null) => void;

/**
 * Fire-and-forget fan-out to every instance (Redis pub/sub; in process in standalone mode). Live
 * channels carry hints for clients that are connected now; the database stays the record, so a
 * message lost here is found again by whoever reads it (a stream's gap check, a resume).
 */
export interface LiveChannel {
  publish(channel: string, message: string): Promise<void>;
  /** Many messages, each on its own channel, in one round trip (a batch's announcements). */
  publishAll(messages: readonly { channel: string; message: string }[]): Promise<void>;
  /** Subscribes this handler; resolves once the subscription is live. The returned function unsubscribes it. */
  subscribe(channel: string, handler: LiveHandler): Promise<() => Promise<void>>;
  close(): Promise<void>;
}
