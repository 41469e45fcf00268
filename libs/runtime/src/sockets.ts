import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { RequestAuthorizer } from '@questline/auth';
import { NotFoundError, ValidationFailedError } from '@questline/contracts';
import { closeAllSseStreams, createValidationPipe, lastEventId, SocketRoutes, TENANT_HEADER, toProblem, type AppConfig, type Logger, type StreamSink } from '@questline/platform';
import { WebSocketServer, type WebSocket } from 'ws';

/** Bytes a slow client may leave unsent before its socket is closed (it reconnects and resumes). */
const MAX_BUFFERED_BYTES = 1 << 20;

/** One stream over a WebSocket: each event a JSON text frame `{event, id?, data}`; pings as keep-alive. */
class WebSocketSink implements StreamSink {
  private closed = false;
  private alive = true;
  private readonly closers: (() => void)[] = [];
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly ws: WebSocket,
    heartbeatMs: number,
  ) {
    ws.on('pong', () => (this.alive = true));
    ws.on('close', () => this.close());
    ws.on('error', () => this.close());
    // A client does not talk on a stream socket; a message is ignored (the frame limit is small).
    ws.on('message', () => undefined);
    this.heartbeat = setInterval(() => {
      // No pong since the last ping: the peer is gone without a close (a dropped network).
      if (!this.alive) return void ws.terminate();
      this.alive = false;
      ws.ping();
    }, heartbeatMs);
    this.heartbeat.unref();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  onClose(fn: () => void): void {
    if (this.closed) fn();
    else this.closers.push(fn);
  }

  send(event: string, data: unknown, id?: number): void {
    if (this.closed) return;
    if (this.ws.bufferedAmount > MAX_BUFFERED_BYTES) return void this.ws.close(1008, 'too slow: reconnect and resume');
    this.ws.send(JSON.stringify(id !== undefined ? { event, id: String(id), data } : { event, data }));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    if (this.ws.readyState === this.ws.OPEN || this.ws.readyState === this.ws.CONNECTING) this.ws.close(1000);
    for (const fn of this.closers.splice(0)) {
      try {
        fn();
      } catch {
        /* one closer's failure must not keep the others from running */
      }
    }
  }
}

/** Refuses an upgrade with the same problem+json an HTTP route would answer. */
function refuse(socket: Duplex, err: unknown, path: string): void {
  const problem = toProblem(err, path);
  const body = JSON.stringify(problem);
  const extra = problem.status === 401 ? 'WWW-Authenticate: Bearer realm="questline"\r\n' : '';
  socket.end(`HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status] ?? 'Error'}\r\nContent-Type: application/problem+json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extra}Connection: close\r\n\r\n${body}`);
}

/**
 * WebSocket twins of the stream routes (SocketRoutes): `GET /v1/users/{id}/stream` or
 * `/v1/leaderboards/{board}/stream` with `Upgrade: websocket` carries the same events as the SSE
 * answer, authorized the same way (API key header, or a user token header or `access_token`), with
 * the same query. A refusal is the route's problem+json, before any upgrade.
 */
export function attachSockets(app: NestFastifyApplication, config: AppConfig, log: Logger): void {
  const routes = app.get(SocketRoutes);
  const authorizer = app.get(RequestAuthorizer);
  const validation = createValidationPipe();
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096, perMessageDeflate: false });
  const server = app.getHttpServer() as import('node:http').Server;
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => undefined);
    void upgrade(req, socket, head).catch((err: unknown) => {
      log.warn({ err }, 'websocket upgrade failed');
      socket.destroy();
    });
  });
  const fastify = app.getHttpAdapter().getInstance();
  // Before the server stops accepting: open streams end (clients reconnect elsewhere and resume),
  // or the server would wait for them.
  fastify.addHook('preClose', async () => {
    closeAllSseStreams();
    for (const ws of wss.clients) ws.close(1001, 'server shutting down');
    wss.close();
  });

  async function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://questline.invalid');
    const matched = routes.match(url.pathname);
    if (!matched) return refuse(socket, new NotFoundError('route_not_found', 'No stream at this path: WebSocket works on the stream routes (…/stream).'), url.pathname);
    const { route, params } = matched;
    const query = Object.fromEntries(url.searchParams);
    try {
      const principal = await authorizer.authorize({ headers: req.headers, query, ip: req.socket.remoteAddress ?? '', params, required: 'read', userAccess: route.access, queryToken: true });
      if (principal.tenantId === '*') {
        throw new ValidationFailedError(`The root key must name the tenant it acts on in ${TENANT_HEADER}.`, [{ pointer: `/headers/${TENANT_HEADER}`, detail: 'required with the root key' }], 'tenant_required');
      }
      const dto = (await validation.transform(query, { type: 'query', metatype: route.query })) as object;
      const request = { tenantId: principal.tenantId, principal, params, query: dto, lastEventId: lastEventId({ headers: req.headers, query }) };
      await route.check?.(request);
      wss.handleUpgrade(req, socket, head, (ws) => {
        const sink = new WebSocketSink(ws, config.STREAM_HEARTBEAT_MS);
        void Promise.resolve(route.open(request, sink)).catch((err: unknown) => {
          log.warn({ err }, 'websocket stream failed');
          sink.close();
        });
      });
    } catch (err) {
      refuse(socket, err, url.pathname);
    }
  }
}
