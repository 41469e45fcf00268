import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ConflictError, ValidationFailedError } from '@questline/contracts';
import { APP_CONFIG, RequireScope, TenantId, UserIdPipe, type AppConfig } from '@questline/platform';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { UserTokens } from '../domain/user-tokens';

export class MintUserTokenDto {
  /** Lifetime in seconds (default USER_TOKEN_TTL_SECONDS, 900; at most USER_TOKEN_MAX_TTL_SECONDS). */
  @IsOptional()
  @IsInt()
  @Min(10)
  @Max(604_800)
  ttlSeconds?: number;
}

export interface UserTokenView {
  /** A JWT (HS256): send it as `Authorization: Bearer <token>` from the user's browser or app. */
  token: string;
  tokenType: 'Bearer';
  userId: string;
  expiresAt: string;
  /** The signing key's id (`kid`): keys rotate with overlap. */
  keyId: string;
}

/**
 * User-scoped client tokens, minted by the tenant's backend (a key with `events:write`: the
 * backend that sends a user's events) for one of its users once it has signed them in. The token reads that user's
 * profile, ledger, achievements, progress, metrics, redemptions and feed, and the tenant's public
 * boards — nothing else.
 */
@Controller('v1/users/:id/tokens')
@RequireScope('events:write')
export class UserTokensController {
  constructor(
    @Inject(UserTokens) private readonly tokens: UserTokens,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Mints a short-lived token for one user of the calling tenant. */
  @Post()
  @HttpCode(201)
  async mint(@TenantId() tenantId: string, @Param('id', UserIdPipe) userId: string, @Body() dto: MintUserTokenDto): Promise<UserTokenView> {
    if (!this.tokens.enabled) throw new ConflictError('user_tokens_disabled', 'No key signs user tokens: set USER_TOKEN_KEYS (or QUESTLINE_ROOT_KEY).');
    const ttl = dto.ttlSeconds ?? this.config.USER_TOKEN_TTL_SECONDS;
    if (ttl > this.config.USER_TOKEN_MAX_TTL_SECONDS) {
      throw new ValidationFailedError(`ttlSeconds is above the longest allowed (${this.config.USER_TOKEN_MAX_TTL_SECONDS}).`, [{ pointer: '/ttlSeconds', detail: `at most ${this.config.USER_TOKEN_MAX_TTL_SECONDS}` }], 'validation_failed');
    }
    const { token, expiresAt, keyId } = await this.tokens.sign(tenantId, userId, ttl);
    return { token, tokenType: 'Bearer', userId, expiresAt, keyId };
  }
}
