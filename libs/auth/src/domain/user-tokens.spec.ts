import { ForbiddenError, UnauthorizedError } from '@questline/contracts';
import { Authenticator } from './authenticator';
import { UserTokens } from './user-tokens';

const noKeys = { findActiveByHash: async () => null, create: async () => { throw new Error('unused'); }, list: async () => [], revoke: async () => null, revokeByName: async () => undefined };
const secretA = 'a'.repeat(40);
const secretB = 'b'.repeat(40);

describe('user-scoped client tokens', () => {
  it('a token names its tenant and user; a tampered one, another signer, another platform or an expired one is refused with 401', async () => {
    const tokens = new UserTokens([{ kid: 'k1', secret: secretA }], undefined);
    const { token, expiresAt, keyId } = await tokens.sign('tektree', 'ann', 60);
    expect(keyId).toBe('k1');
    expect(await tokens.verify(token)).toEqual({ tenantId: 'tektree', userId: 'ann', expiresAt });
    const [h, p, s] = token.split('.') as [string, string, string];
    // Another user in the payload with the old signature.
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), sub: 'ben' })).toString('base64url')}.${s}`;
    await expect(tokens.verify(forged)).rejects.toMatchObject({ code: 'invalid_user_token' });
    await expect(new UserTokens([{ kid: 'k1', secret: secretB }], undefined).verify(token)).rejects.toMatchObject({ code: 'invalid_user_token' });
    await expect(new UserTokens([{ kid: 'k9', secret: secretA }], undefined).verify(token)).rejects.toBeInstanceOf(UnauthorizedError);
    const expired = await tokens.sign('tektree', 'ann', -5);
    await expect(tokens.verify(expired.token)).rejects.toMatchObject({ code: 'user_token_expired' });
    // `alg: none` is never accepted.
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', kid: 'k1' })).toString('base64url')}.${p}.`;
    await expect(tokens.verify(none)).rejects.toBeInstanceOf(UnauthorizedError);
  });

  it('keys rotate with overlap: the new key signs, tokens of the old one verify until it is dropped', async () => {
    const before = new UserTokens([{ kid: 'old', secret: secretA }], undefined);
    const during = new UserTokens([{ kid: 'new', secret: secretB }, { kid: 'old', secret: secretA }], undefined);
    const after = new UserTokens([{ kid: 'new', secret: secretB }], undefined);
    const old = (await before.sign('t', 'u', 60)).token;
    const fresh = await during.sign('t', 'u', 60);
    expect(fresh.keyId).toBe('new');
    await expect(during.verify(old)).resolves.toMatchObject({ userId: 'u' });
    await expect(after.verify(fresh.token)).resolves.toMatchObject({ userId: 'u' });
    await expect(after.verify(old)).rejects.toBeInstanceOf(UnauthorizedError);
  });

  it('without keys, one is derived from the root key: every instance sharing it agrees; with neither, tokens are off', async () => {
    const root = 'ql_root_0123456789abcdef0123456789';
    const token = (await new UserTokens([], root).sign('t', 'u', 60)).token;
    await expect(new UserTokens([], root).verify(token)).resolves.toMatchObject({ tenantId: 't' });
    expect(new UserTokens([], undefined).enabled).toBe(false);
  });

  it('the authenticator turns a token into a read-only principal of its user, refuses it on other scopes and other tenants', async () => {
    const tokens = new UserTokens([{ kid: 'k1', secret: secretA }], undefined);
    const auth = new Authenticator(noKeys, undefined, 5_000, tokens);
    const { token } = await tokens.sign('tektree', 'ann', 60);
    const principal = await auth.authenticate({ authorization: `Bearer ${token}` }, 'read');
    expect(principal).toMatchObject({ tenantId: 'tektree', userId: 'ann', scopes: ['read'], root: false });
    await expect(auth.authenticate({ authorization: `Bearer ${token}` }, 'events:write')).rejects.toMatchObject({ code: 'user_token_not_allowed' });
    await expect(auth.authenticate({ authorization: `Bearer ${token}` }, 'admin')).rejects.toBeInstanceOf(ForbiddenError);
    await expect(auth.authenticate({ authorization: `Bearer ${token}`, tenantHeader: 'other' }, 'read')).rejects.toMatchObject({ code: 'tenant_mismatch' });
  });
});
