import { Body, Controller, Headers, Param, Post, Res } from '@nestjs/common';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal, RequireScope, TenantId, UserIdPipe, type Principal } from '@questline/platform';
import { AdjustBalanceUseCase } from '../usecases/adjust/adjust-balance.usecase';
import { AdjustmentDto, idempotencyKeyOf } from './ledger.dto';

/** Support tools (issue 22): an operator's credit or debit, with a reason. Admin scope; audited. */
@RequireScope('admin')
@Controller('v1/admin/users/:userId/adjustments')
export class AdjustmentsController {
  constructor(private readonly adjustments: AdjustBalanceUseCase) {}

  /**
   * Credits (positive amount) or debits (negative) any currency once per Idempotency-Key, as a
   * ledger entry of kind `adjust` that carries its reason, note and operator. Boards, levels,
   * badges and notifications follow. 201, or 200 with the first answer on a repeat; 409
   * `insufficient_balance` for a debit past zero unless the currency allows negative balances.
   */
  @Post()
  @ApiHeader({ name: 'Idempotency-Key', required: true, description: 'One key per intended adjustment (1–200 visible ASCII characters): a repeat answers the first result with 200 and writes nothing.', schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,200}$' } })
  @ApiResponse({ status: 201, description: 'Adjusted' })
  @ApiResponse({ status: 200, description: 'A repeat of an earlier adjustment (same Idempotency-Key): its first answer, nothing written' })
  async adjust(
    @TenantId() tenantId: string,
    @Param('userId', UserIdPipe) userId: string,
    @Body() dto: AdjustmentDto,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentPrincipal() who: Principal,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const result = await this.adjustments.execute({ tenantId, userId, currency: dto.currency, amount: dto.amount, reason: dto.reason, note: dto.note ?? null, idempotencyKey: idempotencyKeyOf(key), actor: who.keyId });
    res.status(result.replayed ? 200 : 201);
    return result;
  }
}
