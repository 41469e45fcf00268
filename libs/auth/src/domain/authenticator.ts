import { timingSafeEqual } from 'node:crypto';
import { ForbiddenError, UnauthorizedError, ValidationFailedError } from '@questline/contracts';
import { SCOPES, type Principal, type Scope } from '@questline/platform';
import { LRUCache } from 'lru-cache';
import { hashApiKey, type ApiKeyRepository } from './api-key';
import { looksLikeJwt, type UserTokens } from './user-tokens';

/** Requests per second one user's client tokens may make. */
const USER_TOKEN_RATE_LIMIT = 20;

const TENANT_ID = /^[a-z0-9][a-z0-9_-]{0,62}$/;

export interface AuthRequest {
  authorization?: string;
  apiKeyHeader?: string;
  tenantHeader?: string;
}

/**
 * Turns request credentials into a Principal. Tenant keys are looked up by the SHA-256 of the
 * key; answers (including "no such key") are cached for `cacheTtlMs`, so a revocation takes
 * effect at once in the process that revoked and within that time elsewhere.
 */
export class Authenticator {
  private readonly cache: LRUCache<string, Principal | false>;

  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly rootKey: string | undefined,
    cacheTtlMs = 5_000,
    private readonly userTokens?: UserTokens,
  ) {
    this.cache = new LRUCache({ max: 10_000, ttl: cacheTtlMs });
  }

  async authenticate(req: AuthRequest, required: Scope | undefined): Promise<Principal> {
    const key = extractKey(req);
    if (!key) throw new UnauthorizedError('missing_api_key', 'Send an API key: "Authorization: Bearer <key>" (or X-API-Key).');
    let principal: Principal;
    if (this.rootKey && safeEqual(key, this.rootKey)) {
      const tenant = req.tenantHeader;
      if (tenant !== undefined && !TENANT_ID.test(tenant)) {
        throw new ValidationFailedError('Malformed tenant id.', [{ pointer: '/headers/x-questline-tenant', detail: `must match ${TENANT_ID.source}` }], 'invalid_tenant');
      }
      // The operator's key acts on the tenant it names; without one only cross-tenant admin routes make sense.
      principal = { keyId: 'root', tenantId: tenant ?? '*', scopes: SCOPES, root: true };
    } else if (this.userTokens?.enabled && looksLikeJwt(key)) {
      // A user-scoped client token: read-only, and (the guard checks) only its own user's routes.
      const claims = await this.userTokens.verify(key);
      principal = { keyId: `user:${claims.tenantId}:${claims.userId}`, tenantId: claims.tenantId, scopes: ['read'], root: false, rateLimit: USER_TOKEN_RATE_LIMIT, userId: claims.userId };
      if (req.tenantHeader !== undefined && req.tenantHeader !== principal.tenantId) {
        throw new ForbiddenError('tenant_mismatch', `This user token belongs to tenant "${principal.tenantId}", not "${req.tenantHeader}".`);
      }
    } else {
      principal = await this.lookup(key);
      if (req.tenantHeader !== undefined && req.tenantHeader !== principal.tenantId) {
        throw new ForbiddenError('tenant_mismatch', `This API key belongs to tenant "${principal.tenantId}", not "${req.tenantHeader}".`);
      }
    }
    if (required && principal.userId !== undefined && !principal.scopes.includes(required)) {
      throw new ForbiddenError('user_token_not_allowed', `A user token only reads its user's own resources and the public boards; this route needs an API key with "${required}".`);
    }
    if (required && !principal.scopes.includes(required)) {
      throw new ForbiddenError('insufficient_scope', `This API key lacks the "${required}" scope (it has: ${principal.scopes.join(', ') || 'none'}).`);
    }
    return principal;
  }

  /**
   * Whether these credentials are ones already verified (the root key, or a key in the cache of
   * valid answers): such a request is never held back by its address's failed attempts.
   */
  isKnownGood(req: AuthRequest): boolean {
    try {
      const key = extractKey(req);
      if (!key) return false;
      if (this.rootKey && safeEqual(key, this.rootKey)) return true;
      return !!this.cache.get(hashApiKey(key));
    } catch {
      return false;
    }
  }

  /** Forget cached answers for a key id (after revoking it here). */
  forget(keyId: string): void {
    for (const [hash, p] of this.cache.entries()) if (p && p.keyId === keyId) this.cache.delete(hash);
  }

  private async lookup(key: string): Promise<Principal> {
    const hash = hashApiKey(key);
    let cached = this.cache.get(hash);
    if (cached === undefined) {
      const record = await this.keys.findActiveByHash(hash);
      cached = record ? { keyId: record.id, tenantId: record.tenantId, scopes: record.scopes, root: false, rateLimit: record.rateLimit } : false;
      this.cache.set(hash, cached);
    }
    if (!cached) throw new UnauthorizedError('invalid_api_key', 'This API key is unknown or has been revoked.');
    return cached;
  }
}

function extractKey(req: AuthRequest): string | undefined {
  const auth = req.authorization?.trim();
  if (auth) {
    const m = /^Bearer\s+(\S+)$/i.exec(auth);
    if (!m) throw new UnauthorizedError('invalid_authorization', 'The Authorization header must be "Bearer <api key>".');
    return m[1];
  }
  return req.apiKeyHeader?.trim() || undefined;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
