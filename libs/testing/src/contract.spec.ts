import { checkAgainstContract } from './contract';

const URL_BASE = 'http://127.0.0.1:3000';
const JSON_TYPE = 'application/json; charset=utf-8';
const PROBLEM_TYPE = 'application/problem+json; charset=utf-8';

const profile = { userId: 'alice', balances: { xp: { lifetime: 50, spendable: 50, net: 50 } }, level: { currency: 'xp', level: 1, nextAt: 100 }, ranks: [{ board: 'xp', window: 'all-time', rank: 1, score: 50 }] };
const problem = { type: 'https://questline.dev/problems/invalid-api-key', title: 'Unauthorized', status: 401, detail: 'This API key is unknown or has been revoked.', instance: '/v1/users/alice/profile', code: 'invalid_api_key' };

/** The check every e2e answer goes through (api() in libs/testing): it must catch a route that strays from docs/openapi.json. */
describe('checkAgainstContract (docs/openapi.json)', () => {
  it('accepts what the document says: a profile, a problem on a documented error status, a 304', () => {
    expect(() => checkAgainstContract('GET', `${URL_BASE}/v1/users/alice/profile`, 200, JSON_TYPE, profile)).not.toThrow();
    expect(() => checkAgainstContract('GET', `${URL_BASE}/v1/users/alice/profile`, 401, PROBLEM_TYPE, problem)).not.toThrow();
    expect(() => checkAgainstContract('GET', `${URL_BASE}/v1/leaderboards/xp?limit=5`, 304, null, undefined)).not.toThrow();
  });

  it('refuses a body of the wrong shape, a status the route does not document, a problem without its code', () => {
    expect(() => checkAgainstContract('GET', `${URL_BASE}/v1/users/alice/profile`, 200, JSON_TYPE, { ...profile, balances: { xp: { lifetime: '50' } } })).toThrow(/does not match/);
    expect(() => checkAgainstContract('GET', `${URL_BASE}/v1/users/alice/profile`, 418, JSON_TYPE, {})).toThrow(/status not in docs\/openapi.json/);
    const { code: _code, ...withoutCode } = problem;
    expect(() => checkAgainstContract('GET', `${URL_BASE}/v1/users/alice/profile`, 401, PROBLEM_TYPE, withoutCode)).toThrow(/code/);
    expect(() => checkAgainstContract('GET', `${URL_BASE}/v1/users/alice/profile`, 401, JSON_TYPE, problem)).toThrow(/content type application\/json not documented/);
  });

  it('matches the most specific path template (a static segment before a parameter)', () => {
    expect(() => checkAgainstContract('GET', `${URL_BASE}/v1/admin/leaderboards/exclusions`, 200, JSON_TYPE, { items: 'not a list' })).toThrow(/GET \/v1\/admin\/leaderboards\/exclusions → 200/);
  });
});
