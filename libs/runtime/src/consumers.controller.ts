import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ForbiddenError } from '@questline/contracts';
import { MESSAGE_BUS, type MessageBus } from '@questline/messaging';
import { AUDIT_LOG, type AuditLog } from '@questline/persistence';
import { CurrentPrincipal, RequireScope, type Principal } from '@questline/platform';
import { IsInt, IsString, Length, Matches, Min } from 'class-validator';

export class SkipOffsetDto {
  /** The consumer group, as in the dead letters and the stalled list (e.g. `points`). */
  @IsString() @Length(1, 200) groupId!: string;
  @IsString() @Length(1, 300) topic!: string;
  @IsInt() @Min(0) partition!: number;
  /** The offset as the stalled list gives it: a record's, or `<record>.<index>` for a message of a packed record. */
  @IsString() @Matches(/^\d{1,19}(\.\d{1,4})?$/) offset!: string;
  @IsString() @Length(3, 500) reason!: string;
}

const operatorOnly = (who: Principal) => {
  if (!who.root) throw new ForbiddenError('operator_only', 'Consumer offsets are the operator’s: use the root key.');
};

/**
 * The operator's way past a partition that cannot move: list this process's stalled partitions,
 * and ask it to acknowledge one message without processing it. In a group of several instances,
 * the request must reach the instance that owns the partition (the stalled list says which do).
 */
@Controller('v1/admin/consumers')
@RequireScope('admin')
export class ConsumersController {
  constructor(
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(AUDIT_LOG) private readonly audit: AuditLog,
  ) {}

  /** Consumer partitions of this process whose batch has been failing in place, with the offset and the error. */
  @Get('stalled')
  stalled(@CurrentPrincipal() who: Principal) {
    operatorOnly(who);
    return { stalled: this.bus.stalled().map((s) => ({ ...s, since: new Date(s.since).toISOString() })) };
  }

  /** Moves a stalled partition past one offset (audited): the message is dead-lettered, not lost. */
  @Post('skip')
  @HttpCode(202)
  async skip(@CurrentPrincipal() who: Principal, @Body() dto: SkipOffsetDto) {
    operatorOnly(who);
    const here = this.bus.stalled().some((s) => s.groupId === dto.groupId && s.topic === dto.topic && s.partition === dto.partition);
    // Only on the instance where that partition is stuck: a skip left waiting on a healthy partition
    // would later drop whatever message comes to sit at that offset.
    if (!here) return { accepted: false, stalledHere: false };
    this.bus.skip({ groupId: dto.groupId, topic: dto.topic, partition: dto.partition, offset: dto.offset });
    await this.audit.record([{ tenantId: null, actor: who.keyId, action: 'consumer.skip', target: `${dto.groupId}/${dto.topic}/${dto.partition}@${dto.offset}`, detail: { reason: dto.reason, stalledHere: here } }]);
    return { accepted: true, stalledHere: here };
  }
}
