import { Controller, Get, Inject, Param, Query, Req, Res, type OnModuleInit } from '@nestjs/common';
import { ApiProduces, ApiResponse } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { APP_CONFIG, CurrentPrincipal, WithStreamQuery, RequireScope, SocketRoutes, SseStream, StreamRoute, TenantId, UserAccess, type AppConfig, type Principal } from '@questline/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { BoardStreams } from '../usecases/stream-board/board-streams';
import { BoardPeriodDto } from './leaderboards.controller';

/** A board stream's query (a board stream sends the current state on every (re)connect: lastEventId is accepted and ignored). */
export class BoardStreamQueryDto extends WithStreamQuery(BoardPeriodDto) {
  /** How many of the top to push (default 10). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  top: number = 10;

  /** Also push this user's own rank (a user token: always its own user). */
  @IsOptional()
  @IsString()
  @Matches(/^[^\s/]{1,128}$/)
  userId?: string;

}

@RequireScope('read')
@Controller('v1/leaderboards/:board/stream')
export class BoardStreamsController implements OnModuleInit {
  constructor(
    private readonly boards: BoardStreams,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sockets: SocketRoutes,
  ) {}

  /** The same stream over WebSocket (an Upgrade request to the same path). */
  onModuleInit(): void {
    const viewOf = (tenantId: string, boardId: string, q: BoardStreamQueryDto) => ({ tenantId, boardId, window: q.window, period: q.period, scope: q.scope, top: q.top });
    this.sockets.register({
      path: /^\/v1\/leaderboards\/(?<board>[^/]+)\/stream$/,
      access: 'public',
      query: BoardStreamQueryDto,
      check: (req) => this.boards.validate(viewOf(req.tenantId, req.params['board']!, req.query as BoardStreamQueryDto)),
      open: (req, sink) => {
        const q = req.query as BoardStreamQueryDto;
        this.boards.subscribe(viewOf(req.tenantId, req.params['board']!, q), sink, req.principal.userId ?? q.userId);
      },
    });
  }

  /**
   * A live board as Server-Sent Events: `event: leaderboard.updated` with the top N and the
   * subscriber's own rank (`you`), sent at once and then whenever either changes — at most once per
   * LEADERBOARD_STREAM_INTERVAL_MS (1 s). A reconnect gets the current state.
   */
  @Get()
  @UserAccess('public')
  @StreamRoute()
  @ApiProduces('text/event-stream')
  @ApiResponse({ status: 200, description: 'An event stream (text/event-stream) that stays open', content: { 'text/event-stream': { schema: { type: 'string' } } } })
  async stream(@TenantId() tenantId: string, @Param('board') boardId: string, @Query() q: BoardStreamQueryDto, @CurrentPrincipal() principal: Principal, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const view = { tenantId, boardId, window: q.window, period: q.period, scope: q.scope, top: q.top };
    await this.boards.validate(view);
    const sse = new SseStream(req, reply, this.config.STREAM_HEARTBEAT_MS);
    this.boards.subscribe(view, sse, principal.userId ?? q.userId);
  }
}
