import { Inject, Injectable } from '@nestjs/common';
import { v5 as uuidv5 } from 'uuid';
import { MESSAGE_BUS, type MessageBus } from '@questline/messaging';
import { publishRedemption, REDEMPTION_NAMESPACE } from '../../domain/redemption-messages';
import { REWARDS_REPOSITORY, type RewardsRepository } from '../../domain/rewards.repository';

export interface AchievementGrant {
  tenantId: string;
  userId: string;
  item: string;
  /** The achievement's award key: the redemption's idempotency key (seed 000 `grant_key`, gate 4). */
  grantKey: string;
  clawback: boolean;
}

/**
 * Items given and taken back with achievements (their scored messages' `reward`): a grant takes a
 * unit under the item lock, or records why it could not; a claw-back fails the granted redemption
 * and returns its unit. Both are idempotent on the grant key and announced on
 * questline.redemption.updated.v1 like any redemption, so a redelivered batch changes nothing twice.
 */
@Injectable()
export class AchievementGrants {
  constructor(
    @Inject(REWARDS_REPOSITORY) private readonly rewards: RewardsRepository,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
  ) {}

  async apply(grants: AchievementGrant[]): Promise<void> {
    for (const g of grants) {
      const result = g.clawback
        ? await this.rewards.revokeGrant(g.tenantId, g.grantKey, 'achievement revoked: item clawed back')
        : await this.rewards.grant({ tenantId: g.tenantId, userId: g.userId, itemId: g.item, redemptionId: uuidv5(`${g.tenantId}\n${g.grantKey}`, REDEMPTION_NAMESPACE), idempotencyKey: g.grantKey });
      if (result) await publishRedemption(this.bus, g.tenantId, result.redemption);
    }
  }
}
