import { Body, Controller, Get, Inject, Param, Put } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsObject } from 'class-validator';
import { ConflictError, ValidationFailedError } from '@questline/contracts';
import { AUDIT_LOG, type AuditLog } from '@questline/persistence';
import { CurrentPrincipal, RequireScope, TenantId, UserAccess, UserIdPipe, type Principal } from '@questline/platform';
import { CONSENT_REPOSITORY, type ConsentRepository } from '../domain/consent.repository';

const CONSENT_NAME = /^[a-z][a-z0-9_]{0,63}$/;

export class ConsentsDto {
  /** Decisions by consent name: `true` granted, `false` refused or withdrawn (an objection). */
  @ApiProperty({ type: 'object', additionalProperties: { type: 'boolean' }, example: { whatsapp_activity: true, telemetry: false } })
  @IsObject()
  consents!: Record<string, boolean>;
}

/**
 * A user's consents (seed 004 §2.5, §8.2, §8.3): the product records them (or the user does, with
 * its own token); events that need a consent the user has not given are only counted, never linked
 * to them. Withdrawing `telemetry` is seed 004's objection: from then on nothing is linked.
 */
@RequireScope('read')
@Controller('v1/users/:userId/consents')
export class ConsentsController {
  constructor(
    @Inject(CONSENT_REPOSITORY) private readonly consents: ConsentRepository,
    @Inject(AUDIT_LOG) private readonly audit: AuditLog,
  ) {}

  /** The user's recorded decisions (a consent not listed falls back to the event's own flag, then the pack's default). */
  @Get()
  @UserAccess('self')
  async get(@TenantId() tenantId: string, @Param('userId') userId: string) {
    return { userId, consents: await this.consents.list(tenantId, userId) };
  }

  /** Records decisions (the latest wins; the others are kept). Audited. */
  @Put()
  @UserAccess('self')
  async put(@TenantId() tenantId: string, @Param('userId', UserIdPipe) userId: string, @Body() dto: ConsentsDto, @CurrentPrincipal() who: Principal) {
    const entries = Object.entries(dto.consents);
    const errors = entries.flatMap(([k, v]) => [
      ...(CONSENT_NAME.test(k) ? [] : [{ pointer: `/consents/${k}`, detail: 'a consent name is lower-case letters, digits and _ (at most 64)' }]),
      ...(typeof v === 'boolean' ? [] : [{ pointer: `/consents/${k}`, detail: 'must be true or false' }]),
    ]);
    if (entries.length === 0) errors.push({ pointer: '/consents', detail: 'at least one decision' });
    if (entries.length > 50) errors.push({ pointer: '/consents', detail: 'at most 50 decisions' });
    if (errors.length > 0) throw new ValidationFailedError('The consents are not valid.', errors, 'invalid_consents');
    if ((await this.consents.deleted(tenantId, [userId])).size > 0) throw new ConflictError('user_deleted', `User "${userId}" was deleted on request; nothing is recorded for them again.`);
    const after = await this.consents.record(tenantId, userId, dto.consents);
    await this.audit.record([{ tenantId, actor: who.keyId, action: 'user.consents', target: userId, detail: { decisions: dto.consents } }]);
    return { userId, consents: after };
  }
}
