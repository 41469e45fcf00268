import { Injectable, type Type } from '@nestjs/common';
import type { Principal } from './tenant';

/** Where a live stream's events go: an SSE response or a WebSocket, alike. */
export interface StreamSink {
  send(event: string, data: unknown, id?: number): void;
  close(): void;
  onClose(fn: () => void): void;
  readonly isClosed: boolean;
}

/** What a stream is opened with once its request is authorized and its query validated. */
export interface StreamRequest<Q = unknown> {
  tenantId: string;
  principal: Principal;
  params: Record<string, string>;
  query: Q;
  /** The resume point (Last-Event-ID header or `lastEventId` query). */
  lastEventId?: number;
}

/**
 * A stream route's WebSocket twin: the same path as its SSE route, the same authorization (scope,
 * user-token access), the same query DTO, the same events — as JSON text frames.
 */
export interface SocketRoute {
  /** The path, with named groups for the parameters, e.g. `^/v1/users/(?<userId>[^/]+)/stream$`. */
  path: RegExp;
  access: 'self' | 'public';
  /** The query's DTO (class-validator), the same as the SSE route's. */
  query: Type<object>;
  /** What can be refused before the socket opens (an unknown board: 404), as an HTTP answer. */
  check?(req: StreamRequest): Promise<void>;
  open(req: StreamRequest, sink: StreamSink): Promise<void> | void;
}

/** The stream routes this process serves over WebSocket (modules register theirs when they start). */
@Injectable()
export class SocketRoutes {
  private readonly routes: SocketRoute[] = [];

  register(route: SocketRoute): void {
    this.routes.push(route);
  }

  match(path: string): { route: SocketRoute; params: Record<string, string> } | undefined {
    for (const route of this.routes) {
      const m = route.path.exec(path);
      if (m) return { route, params: Object.fromEntries(Object.entries(m.groups ?? {}).map(([k, v]) => [k, decodeURIComponent(v)])) };
    }
    return undefined;
  }

  get size(): number {
    return this.routes.length;
  }
}
