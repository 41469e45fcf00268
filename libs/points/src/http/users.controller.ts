import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RequireScope, TenantId, UserAccess, UserIdPipe } from '@questline/platform';
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

  /** Balances per currency (lifetime, spendable, net), the level and where the next starts, and ranks on the tenant's boards. */
  @Get('profile')
  @UserAccess('self')
  @RequireScope('read')
  getProfile(@TenantId() tenantId: string, @Param('userId') userId: string) {
    return this.profile.execute(tenantId, userId);
  }

  /** Every balance change, newest first, with the event, rule and rule version that caused it. */
  @Get('ledger')
  @UserAccess('self')
  @RequireScope('read')
  getLedger(@TenantId() tenantId: string, @Param('userId') userId: string, @Query() q: LedgerQueryDto) {
    return this.ledger.execute({ tenantId, userId, ...q });
  }

  /** Debits the spendable balance once per Idempotency-Key: 201, or 200 with the first answer on a repeat; 409 on overdraft. */
  @Post('spend')
  @ApiHeader({ name: 'Idempotency-Key', required: true, description: 'One key per intended operation (1–200 visible ASCII characters): a repeat answers the first result with 200 and writes nothing.', schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,200}$' } })
  @RequireScope('events:write')
  @ApiResponse({ status: 201, description: 'Debited' })
  @ApiResponse({ status: 200, description: 'A repeat of an earlier spend (same Idempotency-Key): its first answer, nothing written' })
  async spend(@TenantId() tenantId: string, @Param('userId', UserIdPipe) userId: string, @Body() dto: SpendDto, @Headers('idempotency-key') key: string | undefined, @Res({ passthrough: true }) res: FastifyReply) {
    const result = await this.spending.spend(tenantId, userId, dto, idempotencyKeyOf(key));
    res.status(result.replayed ? 200 : 201);
    return result;
  }

  /** Credits back (part of) a spend once per Idempotency-Key; never more than was spent. */
  @Post('refunds')
  @ApiHeader({ name: 'Idempotency-Key', required: true, description: 'One key per intended operation (1–200 visible ASCII characters): a repeat answers the first result with 200 and writes nothing.', schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,200}$' } })
  @HttpCode(201)
  @RequireScope('events:write')
  @ApiResponse({ status: 201, description: 'Credited back' })
  @ApiResponse({ status: 200, description: 'A repeat of an earlier refund (same Idempotency-Key): its first answer, nothing written' })
  async refund(@TenantId() tenantId: string, @Param('userId', UserIdPipe) userId: string, @Body() dto: RefundDto, @Headers('idempotency-key') key: string | undefined, @Res({ passthrough: true }) res: FastifyReply) {
    const result = await this.spending.refund(tenantId, userId, dto, idempotencyKeyOf(key));
    res.status(result.replayed ? 200 : 201);
    return result;
  }
}
