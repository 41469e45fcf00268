import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { APP_CONFIG, redisTls, type AppConfig } from '@questline/platform';
import Redis from 'ioredis';
import { API_KEY_REPOSITORY, type ApiKeyRepository } from './domain/api-key';
import { Authenticator } from './domain/authenticator';
import { UserTokens } from './domain/user-tokens';
import { ApiKeysController } from './http/api-keys.controller';
import { AuthGuard, RequestAuthorizer } from './http/auth.guard';
import { UserTokensController } from './http/user-tokens.controller';
import { PrismaApiKeyRepository } from './infrastructure/prisma-api-key.repository';
import { AuthFailureLimiter, KeyRateLimiter } from './infrastructure/rate-limiter';
import { ManageApiKeysUseCase } from './usecases/manage-api-keys.usecase';

const RATE_LIMIT_REDIS = Symbol('RATE_LIMIT_REDIS');

class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(RATE_LIMIT_REDIS) private readonly redis: Redis | undefined) {}
  async onApplicationShutdown(): Promise<void> {
    await this.redis?.quit().catch(() => undefined);
  }
}

/** API keys with scopes, per-key rate limits, user-scoped client tokens, and the global guard that enforces them. */
@Global()
@Module({
  controllers: [ApiKeysController, UserTokensController],
  providers: [
    { provide: API_KEY_REPOSITORY, useClass: PrismaApiKeyRepository },
    {
      provide: Authenticator,
      inject: [API_KEY_REPOSITORY, APP_CONFIG, UserTokens],
      useFactory: (keys: ApiKeyRepository, config: AppConfig, tokens: UserTokens) => new Authenticator(keys, config.QUESTLINE_ROOT_KEY, 5_000, tokens),
    },
    { provide: UserTokens, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new UserTokens(config.USER_TOKEN_KEYS, config.QUESTLINE_ROOT_KEY) },
    {
      provide: RATE_LIMIT_REDIS,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => (config.REDIS_URL ? new Redis(config.REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 1, tls: redisTls(config) }) : undefined),
    },
    // Limiter keys carry QUESTLINE_NAMESPACE: environments sharing one Redis keep separate budgets.
    { provide: KeyRateLimiter, inject: [RATE_LIMIT_REDIS, APP_CONFIG], useFactory: (redis: Redis | undefined, config: AppConfig) => new KeyRateLimiter(redis, config.QUESTLINE_NAMESPACE) },
    {
      provide: AuthFailureLimiter,
      inject: [RATE_LIMIT_REDIS, APP_CONFIG],
      useFactory: (redis: Redis | undefined, config: AppConfig) => new AuthFailureLimiter(redis, config.AUTH_FAILURES_PER_MINUTE, config.QUESTLINE_NAMESPACE),
    },
    RedisCloser,
    ManageApiKeysUseCase,
    RequestAuthorizer,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [API_KEY_REPOSITORY, Authenticator, RequestAuthorizer],
})
export class AuthModule {}
