import type { FastifyReply, FastifyRequest } from 'fastify';
import type { StreamSink } from './stream-routes';

/** Bytes a slow client may leave unread before its stream is closed (it reconnects and resumes). */
const MAX_BUFFERED_BYTES = 1 << 20;

/** Headers a response carries that onSend hooks would have added (CORS), for a hijacked reply. */
export type CorsHeadersFor = (req: FastifyRequest) => Record<string, string>;
let corsHeadersFor: CorsHeadersFor = () => ({});
/** The runtime registers its CORS policy here, so streams answer the same origins as every other route. */
export function setStreamCorsHeaders(fn: CorsHeadersFor): void {
  corsHeadersFor = fn;
}

const openStreams = new Set<SseStream>();
/** Ends every open SSE response (shutdown: clients reconnect elsewhere and resume). */
export function closeAllSseStreams(): void {
  for (const s of [...openStreams]) s.close();
}

/**
 * One Server-Sent Events response (text/event-stream), written straight to the socket: events with
 * ids, a comment heartbeat so proxies and clients see the connection alive, and a client that stops
 * reading (over 1 MiB unread) disconnected rather than buffered without bound.
 */
export class SseStream implements StreamSink {
  private closed = false;
  private readonly closers: (() => void)[] = [];
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    req: FastifyRequest,
    private readonly reply: FastifyReply,
    heartbeatMs: number,
  ) {
    reply.hijack();
    reply.raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // nginx (the gateway) must pass events through as they are written.
      'x-accel-buffering': 'no',
      ...corsHeadersFor(req),
    });
    reply.raw.write(`retry: 2000\n\n`);
    this.heartbeat = setInterval(() => this.write(`: keep-alive ${Date.now()}\n\n`), heartbeatMs);
    this.heartbeat.unref();
    openStreams.add(this);
    const onClose = () => this.close();
    req.raw.once('close', onClose);
    reply.raw.once('error', onClose);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Runs when the client goes away or the stream is closed. */
  onClose(fn: () => void): void {
    if (this.closed) fn();
    else this.closers.push(fn);
  }

  send(event: string, data: unknown, id?: string | number): void {
    this.write(`${id !== undefined ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    openStreams.delete(this);
    clearInterval(this.heartbeat);
    if (!this.reply.raw.writableEnded) this.reply.raw.end();
    for (const fn of this.closers.splice(0)) {
      try {
        fn();
      } catch {
        /* a closer's failure must not keep the others from running */
      }
    }
  }

  private write(chunk: string): void {
    if (this.closed) return;
    const raw = this.reply.raw;
    if (raw.destroyed || raw.writableEnded) return this.close();
    raw.write(chunk);
    if (raw.writableLength > MAX_BUFFERED_BYTES) this.close();
  }
}

/** The resume point a reconnecting EventSource sends (`Last-Event-ID`), or a `lastEventId` query for clients that cannot set it. */
export function lastEventId(req: Pick<FastifyRequest, 'headers' | 'query'>): number | undefined {
  const header = req.headers['last-event-id'];
  const raw = (Array.isArray(header) ? header[0] : header) ?? (req.query as Record<string, unknown> | undefined)?.['lastEventId'];
  if (typeof raw !== 'string' || !/^\d{1,15}$/.test(raw.trim())) return undefined;
  return Number(raw.trim());
}
