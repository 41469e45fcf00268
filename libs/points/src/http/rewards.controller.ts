import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Put, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RequireScope, TenantId, UserAccess, UserIdPipe } from '@questline/platform';
import { RewardsUseCase } from '../usecases/rewards/rewards.usecase';
import { idempotencyKeyOf } from './ledger.dto';
import { RedeemDto, RewardItemDto, RewardsQueryDto, SettleDto, StockDto } from './rewards.dto';

/** The tenant's rewards catalog, as clients see it. */
@Controller('v1/rewards')
export class RewardsController {
  constructor(private readonly rewards: RewardsUseCase) {}

  /** Every item; with `userId`, only what can be redeemed now, each with whether that user can afford it, is eligible, and how many they hold. */
  @Get()
  @RequireScope('read')
  list(@TenantId() tenantId: string, @Query() q: RewardsQueryDto) {
    return this.rewards.offers(tenantId, q.userId);
  }
}

/** Redemptions: a user spends a balance on a catalog item. */
@Controller('v1/users/:userId/redemptions')
export class RedemptionsController {
  constructor(private readonly rewards: RewardsUseCase) {}

  /** Redeems an item once per Idempotency-Key: 201 (finalized, or started for an item to fulfil), or 200 with the first answer on a repeat; 409 when out of stock, over the limit, ineligible or short of balance — nothing reserved, nothing spent. */
  @Post()
  @ApiHeader({ name: 'Idempotency-Key', required: true, description: 'One key per intended redemption (1–200 visible ASCII characters): a repeat answers the first result with 200 and writes nothing.', schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,200}$' } })
  @RequireScope('events:write')
  @ApiResponse({ status: 201, description: 'Redeemed (finalized, or started until fulfilled)' })
  @ApiResponse({ status: 200, description: 'A repeat of an earlier redemption (same Idempotency-Key): its first answer, nothing written' })
  async redeem(@TenantId() tenantId: string, @Param('userId', UserIdPipe) userId: string, @Body() dto: RedeemDto, @Headers('idempotency-key') key: string | undefined, @Res({ passthrough: true }) res: FastifyReply) {
    const result = await this.rewards.redeem(tenantId, userId, dto.itemId, idempotencyKeyOf(key));
    res.status(result.replayed ? 200 : 201);
    return result;
  }

  /** The user's redemptions, newest first (up to 500). */
  @Get()
  @UserAccess('self')
  @RequireScope('read')
  list(@TenantId() tenantId: string, @Param('userId') userId: string) {
    return this.rewards.list(tenantId, userId);
  }
}

/** Catalog and redemption administration. */
@Controller('v1/admin')
@RequireScope('admin')
export class RewardsAdminController {
  constructor(private readonly rewards: RewardsUseCase) {}

  /** Creates or replaces a catalog item. */
  @Put('rewards/:itemId')
  putItem(@TenantId() tenantId: string, @Param('itemId') itemId: string, @Body() dto: RewardItemDto) {
    return this.rewards.putItem(tenantId, itemId, dto);
  }

  /** Adds (or, negative, removes) units of a finite item; never below 0. */
  @Post('rewards/:itemId/stock')
  @HttpCode(200)
  adjustStock(@TenantId() tenantId: string, @Param('itemId') itemId: string, @Body() dto: StockDto) {
    return this.rewards.adjustStock(tenantId, itemId, dto.delta);
  }

  /** Finalizes a started redemption of an item to fulfil (the tenant delivered it). */
  @Post('redemptions/:redemptionId/confirm')
  @HttpCode(200)
  confirm(@TenantId() tenantId: string, @Param('redemptionId', new ParseUUIDPipe()) id: string, @Body() dto: SettleDto) {
    return this.rewards.settle(tenantId, id, 'finalized', dto.reason ?? null);
  }

  /** Fails a started redemption: the cost is refunded and the unit returned, in one transaction. */
  @Post('redemptions/:redemptionId/fail')
  @HttpCode(200)
  fail(@TenantId() tenantId: string, @Param('redemptionId', new ParseUUIDPipe()) id: string, @Body() dto: SettleDto) {
    return this.rewards.settle(tenantId, id, 'failed', dto.reason ?? null);
  }
}
