import { Controller, Get, Inject, Param, Query, Req, Res, type OnModuleInit } from '@nestjs/common';
import { ApiProduces, ApiResponse } from '@nestjs/swagger';
import { APP_CONFIG, lastEventId, RequireScope, SocketRoutes, SseStream, StreamQueryDto, StreamRoute, TenantId, UserAccess, type AppConfig } from '@questline/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { UserStreams } from '../usecases/stream-notifications/user-streams';

@RequireScope('read')
@Controller('v1/users/:userId/stream')
export class StreamsController implements OnModuleInit {
  constructor(
    private readonly streams: UserStreams,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sockets: SocketRoutes,
  ) {}

  /** The same stream over WebSocket (an Upgrade request to the same path). */
  onModuleInit(): void {
    this.sockets.register({
      path: /^\/v1\/users\/(?<userId>[^/]+)\/stream$/,
      access: 'self',
      query: StreamQueryDto,
      open: (req, sink) => this.streams.open(req.tenantId, req.params['userId']!, sink, req.lastEventId),
    });
  }

  /**
   * The user's notifications, live, as Server-Sent Events: `event: notification` with the feed's
   * notification as data and the user's sequence number as id, a `ready` event once caught up, and
   * a keep-alive comment every STREAM_HEARTBEAT_MS. Reconnecting with Last-Event-ID (an
   * EventSource does it by itself) sends everything after that id, in order, once.
   */
  @Get()
  @UserAccess('self')
  @StreamRoute()
  @ApiProduces('text/event-stream')
  @ApiResponse({ status: 200, description: 'An event stream (text/event-stream) that stays open', content: { 'text/event-stream': { schema: { type: 'string' } } } })
  async stream(@TenantId() tenantId: string, @Param('userId') userId: string, @Query() _q: StreamQueryDto, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const sse = new SseStream(req, reply, this.config.STREAM_HEARTBEAT_MS);
    // The head is written: a failure to subscribe (Redis down) ends the stream, and the client's
    // EventSource reconnects and resumes from its last id.
    await this.streams.open(tenantId, userId, sse, lastEventId(req)).catch(() => sse.close());
  }
}
