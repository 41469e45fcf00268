import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayNotEmpty, ArrayUnique, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUrl, Max, MaxLength, Min } from 'class-validator';
import { CurrentPrincipal, RequireScope, TenantId, type Principal } from '@questline/platform';
import { ManageWebhooksUseCase, WEBHOOK_KIND_CHOICES } from '../usecases/manage-webhooks.usecase';

const URL_RULES = { protocols: ['http', 'https'], require_protocol: true, require_tld: false, allow_underscores: true };

export class CreateWebhookDto {
  /** Where deliveries are POSTed (https in production). */
  @IsUrl(URL_RULES)
  @MaxLength(2000)
  url!: string;

  /** Notification kinds to deliver: a kind, a family (`streak.*`), or `*` for all. */
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @ArrayMaxSize(50)
  @IsIn(WEBHOOK_KIND_CHOICES, { each: true })
  kinds!: string[];

  @IsOptional()
  @IsString()
  @MaxLength(200)
  description?: string;
}

export class UpdateWebhookDto {
  @IsOptional()
  @IsUrl(URL_RULES)
  @MaxLength(2000)
  url?: string;

  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @ArrayMaxSize(50)
  @IsIn(WEBHOOK_KIND_CHOICES, { each: true })
  kinds?: string[];

  @IsOptional()
  @IsString()
  @MaxLength(200)
  description?: string;

  /** false disables the endpoint; true re-enables it (after an automatic disable too). */
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class RotateSecretDto {
  /** How long the previous secrets keep signing beside the new one (default 86400: a day; 0 ends them now). */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(604_800)
  overlapSeconds?: number;
}

export class DeliveriesQueryDto {
  @IsOptional()
  @IsIn(['pending', 'succeeded', 'failed'])
  status?: 'pending' | 'succeeded' | 'failed';

  @IsOptional()
  @IsString()
  @MaxLength(64)
  cursor?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 50;
}

/**
 * Outbound webhooks (Standard Webhooks): endpoints with the kinds they want, signed deliveries
 * retried with backoff, a delivery log, manual redelivery, secret rotation with overlap.
 */
@RequireScope('admin')
@Controller('v1/admin/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: ManageWebhooksUseCase) {}

  /** Registers an endpoint; the signing secret (`whsec_…`) is in this answer only. */
  @Post()
  @HttpCode(201)
  create(@TenantId() tenantId: string, @CurrentPrincipal() who: Principal, @Body() dto: CreateWebhookDto) {
    return this.webhooks.create(tenantId, who, dto);
  }

  /** The tenant's endpoints, with their state (enabled, failing since, why disabled). */
  @Get()
  list(@TenantId() tenantId: string) {
    return this.webhooks.list(tenantId);
  }

  /** One endpoint and its state. */
  @Get(':id')
  get(@TenantId() tenantId: string, @Param('id') id: string) {
    return this.webhooks.get(tenantId, id);
  }

  /** Changes an endpoint; `enabled: true` re-enables one that was disabled. */
  @Patch(':id')
  update(@TenantId() tenantId: string, @CurrentPrincipal() who: Principal, @Param('id') id: string, @Body() dto: UpdateWebhookDto) {
    return this.webhooks.update(tenantId, who, id, dto);
  }

  /** Deletes an endpoint with its pending deliveries and log. */
  @Delete(':id')
  remove(@TenantId() tenantId: string, @CurrentPrincipal() who: Principal, @Param('id') id: string) {
    return this.webhooks.remove(tenantId, who, id);
  }

  /** A new signing secret (in this answer only); the previous ones keep signing during the overlap. */
  @Post(':id/rotate-secret')
  @HttpCode(200)
  rotate(@TenantId() tenantId: string, @CurrentPrincipal() who: Principal, @Param('id') id: string, @Body() dto: RotateSecretDto) {
    return this.webhooks.rotateSecret(tenantId, who, id, dto.overlapSeconds);
  }

  /** The endpoint's delivery log, newest first: state, attempts, and the last attempt's status, latency and answer. */
  @Get(':id/deliveries')
  deliveries(@TenantId() tenantId: string, @Param('id') id: string, @Query() q: DeliveriesQueryDto) {
    return this.webhooks.deliveries(tenantId, id, q);
  }

  /** One delivery with every attempt. */
  @Get(':id/deliveries/:deliveryId')
  delivery(@TenantId() tenantId: string, @Param('id') id: string, @Param('deliveryId') deliveryId: string) {
    return this.webhooks.delivery(tenantId, id, deliveryId);
  }

  /** Sends a delivery again now, with the same webhook-id. */
  @Post(':id/deliveries/:deliveryId/redeliver')
  @HttpCode(200)
  redeliver(@TenantId() tenantId: string, @CurrentPrincipal() who: Principal, @Param('id') id: string, @Param('deliveryId') deliveryId: string) {
    return this.webhooks.redeliver(tenantId, who, id, deliveryId);
  }
}
