import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { METRICS, PUBLIC_KEY, QUERY_TOKEN_KEY, SCOPES_KEY, TENANT_HEADER, USER_ACCESS_KEY, type Metrics, type Principal, type Scope } from '@questline/platform';
import type { FastifyRequest } from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';
import { ForbiddenError, UnauthorizedError } from '@questline/contracts';
import { Authenticator } from '../domain/authenticator';
import { looksLikeJwt } from '../domain/user-tokens';
import { AuthFailureLimiter, KeyRateLimiter } from '../infrastructure/rate-limiter';

/** What a request brings to be authorized: HTTP route or WebSocket upgrade alike. */
export interface AuthorizationRequest {
  headers: IncomingHttpHeaders;
  /** The URL's query (only read on stream routes, for `access_token`). */
  query?: Record<string, unknown>;
  ip: string;
  /** The route's path parameters (`id` / `userId` for a user token's own routes). */
  params?: Record<string, string>;
  required?: Scope;
  userAccess?: 'self' | 'public';
  /** A stream route: a user token may come as `access_token` in the query. */
  queryToken?: boolean;
}

const header = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
};

/**
 * The one place requests are authorized (the HTTP guard and WebSocket upgrades): 401 when the key
 * is missing, unknown or revoked; 403 when it lacks the route's scope or names another tenant;
 * 403 too when a user-scoped client token calls a route not open to it (another user's, or any
 * write or admin route); 429 (with Retry-After) past the key's rate limit, or after too many failed
 * authentications from the client's address (AUTH_FAILURES_PER_MINUTE; behind a proxy, the
 * address Fastify sees).
 */
@Injectable()
export class RequestAuthorizer {
  constructor(
    @Inject(Authenticator) private readonly authenticator: Authenticator,
    @Inject(KeyRateLimiter) private readonly limiter: KeyRateLimiter,
    @Inject(AuthFailureLimiter) private readonly failures: AuthFailureLimiter,
  ) {}

  async authorize(req: AuthorizationRequest): Promise<Principal> {
    const credentials = { authorization: header(req.headers, 'authorization'), apiKeyHeader: header(req.headers, 'x-api-key'), tenantHeader: header(req.headers, TENANT_HEADER) };
    const queryToken = req.queryToken ? req.query?.['access_token'] : undefined;
    if (typeof queryToken === 'string' && !credentials.authorization && !credentials.apiKeyHeader) {
      if (!looksLikeJwt(queryToken)) throw new UnauthorizedError('invalid_user_token', 'Only a user token may be sent as access_token; send API keys in the Authorization header.');
      credentials.authorization = `Bearer ${queryToken}`;
    }
    // An address past its failed attempts gets 429 for every further failure; a valid key still
    // passes. Locking valid keys out would let one guesser deny service to every client behind the
    // same address (a NAT, a proxy); guessing a 256-bit secret is hopeless, so the throttle's job is
    // to slow the guesser down, not to stop verification.
    const overBudget = !this.authenticator.isKnownGood(credentials) && (await this.failures.isOver(req.ip));
    let principal: Principal;
    try {
      principal = await this.authenticator.authenticate(credentials, req.required);
    } catch (err) {
      // A wrong or missing key counts against the client address (a 429 once too many).
      if (err instanceof UnauthorizedError) await (overBudget ? this.failures.check(req.ip) : this.failures.failed(req.ip));
      throw err;
    }
    if (principal.userId !== undefined) userTokenMayCall(principal.userId, req.userAccess, req.params);
    if (principal.rateLimit) await this.limiter.consume(principal.keyId, principal.rateLimit);
    return principal;
  }
}

/** Global guard: every route needs an API key unless it is @Public() (RequestAuthorizer says how). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(RequestAuthorizer) private readonly authorizer: RequestAuthorizer,
    @Inject(METRICS) private readonly metrics: Metrics,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const req = ctx.switchToHttp().getRequest<FastifyRequest & { principal?: Principal }>();
    const done = this.metrics.authDuration.startTimer();
    req.principal = await this.authorizer.authorize({
      headers: req.headers,
      query: req.query as Record<string, unknown> | undefined,
      ip: req.ip,
      params: req.params as Record<string, string> | undefined,
      required: this.reflector.getAllAndOverride<Scope | undefined>(SCOPES_KEY, targets),
      userAccess: this.reflector.getAllAndOverride<'self' | 'public' | undefined>(USER_ACCESS_KEY, targets),
      queryToken: this.reflector.getAllAndOverride<boolean>(QUERY_TOKEN_KEY, targets),
    });
    done();
    return true;
  }
}

/**
 * A user token calls only routes marked @UserAccess: `public` ones (the tenant's public boards),
 * and `self` ones about its own user (the route's `:id` or `:userId`). Anything else is 403.
 */
function userTokenMayCall(userId: string, access: 'self' | 'public' | undefined, params: Record<string, string> | undefined): void {
  if (!access) throw new ForbiddenError('user_token_not_allowed', "A user token only reads its user's own resources and the public boards; this route needs an API key.");
  if (access === 'self' && (params?.['id'] ?? params?.['userId']) !== userId) {
    throw new ForbiddenError('other_user', 'This user token is for another user: it reads only its own resources.');
  }
}
