import { Webhook } from 'standardwebhooks';
import { newSecret, signedHeaders } from './webhook';

describe('Standard Webhooks signing', () => {
  const body = JSON.stringify({ type: 'points.awarded', timestamp: '2026-12-05T10:00:00.000Z', data: { amount: 50 } });

  it("a receiver using the specification's own library verifies what we sign", () => {
    const secret = newSecret();
    const headers = signedHeaders('msg_1', body, [secret]);
    expect(new Webhook(secret.secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(headers['webhook-id']).toBe('msg_1');
  });

  it('during a rotation both secrets sign, so a receiver holding either verifies; an expired one stops signing', () => {
    const now = new Date();
    const old = { ...newSecret(), expiresAt: new Date(now.getTime() + 60_000).toISOString() };
    const fresh = newSecret();
    const headers = signedHeaders('msg_2', body, [fresh, old], now);
    expect(headers['webhook-signature']!.split(' ')).toHaveLength(2);
    expect(() => new Webhook(old.secret).verify(body, headers)).not.toThrow();
    expect(() => new Webhook(fresh.secret).verify(body, headers)).not.toThrow();
    const later = new Date(now.getTime() + 120_000);
    const after = signedHeaders('msg_3', body, [fresh, old], later);
    expect(after['webhook-signature']!.split(' ')).toHaveLength(1);
  });

  it('a tampered body, another secret or a replayed old timestamp is refused', () => {
    const secret = newSecret();
    const headers = signedHeaders('msg_4', body, [secret]);
    expect(() => new Webhook(secret.secret).verify(body.replace('50', '5000'), headers)).toThrow();
    expect(() => new Webhook(newSecret().secret).verify(body, headers)).toThrow();
    const stale = signedHeaders('msg_5', body, [secret], new Date(Date.now() - 10 * 60_000));
    expect(() => new Webhook(secret.secret).verify(body, stale)).toThrow();
  });
});
