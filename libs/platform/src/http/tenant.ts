import { applyDecorators, createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { ApiExtension, ApiHeader, ApiQuery } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ValidationFailedError } from '@questline/contracts';

/**
 * API key scopes: write events (and mint user tokens: the backend that sends a user's events is
 * the one that signs its users in), read everything of the tenant, operate it (DLQ, keys, replays).
 */
export const SCOPES = ['events:write', 'read', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

/** Who is calling: set on the request by the authentication guard. */
export interface Principal {
  /** The key's id (never its secret), or `root`. */
  keyId: string;
  /** The tenant every query of this request is scoped to. */
  tenantId: string;
  scopes: readonly Scope[];
  /** The operator's root key: may act on any tenant (naming it in X-Questline-Tenant). */
  root: boolean;
  /** Requests per second this key may make (none for the root key). */
  rateLimit?: number;
  /** A user-scoped client token's user: it reads only that user's own resources and the tenant's public boards (routes marked @UserAccess). */
  userId?: string;
}

export const TENANT_HEADER = 'x-questline-tenant';
export const SCOPES_KEY = 'questline:scopes';
export const PUBLIC_KEY = 'questline:public';

/**
 * The scope a route needs (on a method, it overrides its controller's). Every route needs a key
 * unless marked @Public(). The OpenAPI document says it on each operation (`x-required-scope`).
 */
export const RequireScope = (scope: Scope) => applyDecorators(SetMetadata(SCOPES_KEY, scope), ApiExtension('x-required-scope', scope));
export const USER_ACCESS_KEY = 'questline:user-access';
/**
 * What a user-scoped client token may call: `self` — a route about one user (its `:id` must be the
 * token's user); `public` — the tenant's public boards. Routes without it refuse user tokens.
 */
export const UserAccess = (access: 'self' | 'public') => applyDecorators(SetMetadata(USER_ACCESS_KEY, access), ApiExtension('x-user-token', access));
export const QUERY_TOKEN_KEY = 'questline:query-token';
/**
 * A stream route: a browser's EventSource cannot set headers, so a USER TOKEN may come as the
 * `access_token` query parameter here (RFC 6750 §2.3). API keys never travel in URLs (logs,
 * histories, Referer): one there is refused. The OpenAPI document lists the parameter.
 */
export const StreamRoute = () =>
  applyDecorators(
    SetMetadata(QUERY_TOKEN_KEY, true),
    ApiQuery({ name: 'access_token', required: false, type: String, description: 'A user token, for clients that cannot send an Authorization header (EventSource). API keys are refused here.' }),
    ApiQuery({ name: 'lastEventId', required: false, type: String, description: 'Resume after this event id, for clients that cannot send a Last-Event-ID header.' }),
    ApiHeader({ name: 'Last-Event-ID', required: false, description: 'Resume after this event id (an EventSource sends it by itself on reconnect).' }),
  );
/** Health, metrics and docs: no key. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

type AuthedRequest = FastifyRequest & { principal?: Principal };

export function principalOf(ctx: ExecutionContext): Principal {
  const principal = ctx.switchToHttp().getRequest<AuthedRequest>().principal;
  if (!principal) throw new Error('no principal on the request: is the route @Public() by mistake?');
  return principal;
}

/** The calling tenant, from its API key. Every repository call is scoped by it. */
export const TenantId = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  const { tenantId } = principalOf(ctx);
  if (tenantId === '*') {
    throw new ValidationFailedError(`The root key must name the tenant it acts on in ${TENANT_HEADER}.`, [{ pointer: `/headers/${TENANT_HEADER}`, detail: 'required with the root key' }], 'tenant_required');
  }
  return tenantId;
});
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => principalOf(ctx));
