/** One event as a Server-Sent Events client sees it. */
export interface SseEvent {
  id?: string;
  event: string;
  data: any;
}

/**
 * A test's EventSource: connects with fetch (so a test can send headers, or not), parses the
 * stream as the HTML spec says (fields, blank-line dispatch, comments ignored), keeps every event
 * and the last id, and can wait for a condition. No reconnect of its own: a test reconnects on
 * purpose, with the last id, to check resumption.
 */
export class SseClient {
  readonly events: SseEvent[] = [];
  lastEventId: string | undefined;
  status = 0;
  comments = 0;
  private readonly abort = new AbortController();
  private done: Promise<void> = Promise.resolve();

  static async connect(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    const c = new SseClient();
    const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: c.abort.signal });
    c.status = res.status;
    if (res.status !== 200 || !res.body) {
      c.events.push({ event: 'http-error', data: await res.json().catch(() => null) });
      return c;
    }
    c.done = c.read(res.body).catch(() => undefined);
    return c;
  }

  /** Resolves when `pred` holds of the events received so far (polling every 20 ms), or throws after `timeoutMs`. */
  async waitFor(pred: (events: SseEvent[]) => boolean, timeoutMs = 15_000, what = 'events'): Promise<SseEvent[]> {
    const until = Date.now() + timeoutMs;
    while (!pred(this.events)) {
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(this.events.map((e) => [e.event, e.id]))}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return this.events;
  }

  of(event: string): SseEvent[] {
    return this.events.filter((e) => e.event === event);
  }

  async close(): Promise<void> {
    this.abort.abort();
    await this.done;
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    let data: string[] = [];
    let event = 'message';
    let id: string | undefined;
    for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let nl: number;
      while ((nl = buffer.search(/\r\n|\n|\r/)) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + (buffer.startsWith('\r\n', nl) ? 2 : 1));
        if (line === '') {
          if (data.length > 0) {
            if (id !== undefined) this.lastEventId = id;
            const text = data.join('\n');
            let parsed: unknown = text;
            try {
              parsed = JSON.parse(text);
            } catch {
              /* not JSON: kept as text */
            }
            this.events.push({ id, event, data: parsed });
          }
          data = [];
          event = 'message';
          id = undefined;
          continue;
        }
        if (line.startsWith(':')) {
          this.comments++;
          continue;
        }
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'data') data.push(value);
        else if (field === 'event') event = value;
        else if (field === 'id') id = value;
      }
    }
  }
}
