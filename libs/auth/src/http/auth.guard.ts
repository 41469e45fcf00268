import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { PUBLIC_KEY, SCOPES_KEY, TENANT_HEADER, type Principal, type Scope } from '@questline/platform';
import type { FastifyRequest } from 'fastify';
import { Authenticator } from '../domain/authenticator';
import { KeyRateLimiter } from '../infrastructure/rate-limiter';

const header = (req: FastifyRequest, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

/**
 * Global guard: every route needs an API key unless it is @Public(). 401 when the key is
 * missing, unknown or revoked; 403 when it lacks the route's scope or names another tenant;
 * 429 (with Retry-After) past the key's rate limit.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(Authenticator) private readonly authenticator: Authenticator,
    @Inject(KeyRateLimiter) private readonly limiter: KeyRateLimiter,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const required = this.reflector.getAllAndOverride<Scope | undefined>(SCOPES_KEY, targets);
    const req = ctx.switchToHttp().getRequest<FastifyRequest & { principal?: Principal }>();
    const principal = await this.authenticator.authenticate(
      { authorization: header(req, 'authorization'), apiKeyHeader: header(req, 'x-api-key'), tenantHeader: header(req, TENANT_HEADER) },
      required,
    );
    if (principal.rateLimit) await this.limiter.consume(principal.keyId, principal.rateLimit);
    req.principal = principal;
    return true;
  }
}
