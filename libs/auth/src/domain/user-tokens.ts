import { createHmac, randomUUID } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { UnauthorizedError } from '@questline/contracts';

const ISSUER = 'questline';
const AUDIENCE = 'questline-client';
const ALG = 'HS256';

export interface UserTokenKey {
  kid: string;
  secret: string;
}

export interface UserTokenClaims {
  tenantId: string;
  userId: string;
  expiresAt: string;
}

/** Whether a bearer credential is a JWT (three base64url parts) rather than an API key. */
export const looksLikeJwt = (credential: string) => /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(credential);

/**
 * User-scoped client tokens: short-lived JWTs (HS256, via `jose`) that let a browser or a mobile
 * app act as ONE user of ONE tenant — read its own resources and subscribe to its streams —
 * without holding the tenant's API key. Signed with the first key, verified with any (by `kid`),
 * so keys rotate with overlap. Claims: `sub` (user), `tid` (tenant), `iss`, `aud`, `iat`, `exp`,
 * `jti`.
 */
export class UserTokens {
  private readonly keys: { kid: string; secret: Uint8Array }[];

  constructor(keys: UserTokenKey[], rootKey: string | undefined) {
    const list = keys.length > 0 ? keys : rootKey ? [{ kid: 'root-derived', secret: createHmac('sha256', rootKey).update('questline user tokens v1').digest('base64url') }] : [];
    this.keys = list.map((k) => ({ kid: k.kid, secret: new TextEncoder().encode(k.secret) }));
  }

  get enabled(): boolean {
    return this.keys.length > 0;
  }

  async sign(tenantId: string, userId: string, ttlSeconds: number): Promise<{ token: string; expiresAt: string; keyId: string }> {
    const key = this.keys[0];
    if (!key) throw new Error('no user token key: set USER_TOKEN_KEYS or QUESTLINE_ROOT_KEY');
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ tid: tenantId })
      .setProtectedHeader({ alg: ALG, kid: key.kid, typ: 'JWT' })
      .setSubject(userId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(now)
      .setExpirationTime(now + ttlSeconds)
      .setJti(randomUUID())
      .sign(key.secret);
    return { token, expiresAt: new Date((now + ttlSeconds) * 1000).toISOString(), keyId: key.kid };
  }

  /** The token's tenant and user; 401 when it is malformed, tampered with, signed by an unknown key, or expired. */
  async verify(token: string): Promise<UserTokenClaims> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(
        token,
        (header) => {
          const key = this.keys.find((k) => k.kid === header.kid);
          if (!key) throw new UnauthorizedError('invalid_user_token', 'The user token was signed by an unknown key.');
          return key.secret;
        },
        { issuer: ISSUER, audience: AUDIENCE, algorithms: [ALG], requiredClaims: ['sub', 'exp', 'tid'] },
      ));
    } catch (err) {
      if (err instanceof UnauthorizedError) throw err;
      if (err instanceof joseErrors.JWTExpired) throw new UnauthorizedError('user_token_expired', 'The user token has expired: mint a new one.');
      throw new UnauthorizedError('invalid_user_token', 'The user token is not valid (malformed, tampered with, or not for this platform).');
    }
    const tenantId = payload['tid'];
    if (typeof tenantId !== 'string' || typeof payload.sub !== 'string') throw new UnauthorizedError('invalid_user_token', 'The user token lacks its tenant or user.');
    return { tenantId, userId: payload.sub, expiresAt: new Date(payload.exp! * 1000).toISOString() };
  }
}
