import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { RequireScope, TenantId } from '@questline/platform';
import { GetLedgerUseCase } from '../usecases/get-ledger/get-ledger.usecase';
import { GetProfileUseCase } from '../usecases/get-profile/get-profile.usecase';
import { SpendUseCase } from '../usecases/spend/spend.usecase';
import { idempotencyKeyOf, LedgerQueryDto, RefundDto, SpendDto } from './ledger.dto';

@Controller('v1/users/:userId')
export class UsersController {
  constructor(
    private readonly profile: GetProfileUseCase,
    private readonly spending: SpendUseCase,
    private readonly ledger: GetLedgerUseCase,
  ) {}

  @Get('profile')
  @RequireScope('read')
  getProfile(@TenantId() tenantId: string, @Param('userId') userId: string) {
    return this.profile.execute(tenantId, userId);
  }

  /** Every balance change, newest first, with the event, rule and rule version that caused it. */
  @Get('ledger')
  @RequireScope('read')
  getLedger(@TenantId() tenantId: string, @Param('userId') userId: string, @Query() q: LedgerQueryDto) {
    return this.ledger.execute({ tenantId, userId, ...q });
  }

  /** Debits the spendable balance once per Idempotency-Key: 201, or 200 with the first answer on a repeat; 409 on overdraft. */
  @Post('spend')
  @RequireScope('events:write')
  async spend(@TenantId() tenantId: string, @Param('userId') userId: string, @Body() dto: SpendDto, @Headers('idempotency-key') key: string | undefined, @Res({ passthrough: true }) res: FastifyReply) {
    const result = await this.spending.spend(tenantId, userId, dto, idempotencyKeyOf(key));
    res.status(result.replayed ? 200 : 201);
    return result;
  }

  /** Credits back (part of) a spend once per Idempotency-Key; never more than was spent. */
  @Post('refunds')
  @HttpCode(201)
  @RequireScope('events:write')
  async refund(@TenantId() tenantId: string, @Param('userId') userId: string, @Body() dto: RefundDto, @Headers('idempotency-key') key: string | undefined, @Res({ passthrough: true }) res: FastifyReply) {
    const result = await this.spending.refund(tenantId, userId, dto, idempotencyKeyOf(key));
    res.status(result.replayed ? 200 : 201);
    return result;
  }
}
