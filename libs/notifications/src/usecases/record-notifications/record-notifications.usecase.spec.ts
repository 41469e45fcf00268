import { Topics } from '@questline/contracts';
import { MemoryLiveChannel } from '@questline/messaging/adapters';
import type { Pack, PackCatalog } from '@questline/rules';
import { DEFAULT_PREFERENCES, type NewNotification, type NotificationRepository } from '../../domain/notification.repository';
import { RecordNotificationsUseCase, type OutcomeMessage } from './record-notifications.usecase';

/** What the use case asks the repository to store: titles, groups and channels as each tenant's pack and each user's preferences decide. */
async function recorded(settings: Record<string, unknown>, muted: string[] = []): Promise<NewNotification[]> {
  const added: NewNotification[] = [];
  const repo = {
    add: async (list: NewNotification[]) => (added.push(...list), []),
    preferences: async (_t: string, users: string[]) => new Map(users.map((u) => [u, { ...DEFAULT_PREFERENCES, muted, webhook: u !== 'bob' }])),
  } as unknown as NotificationRepository;
  const packs = { get: () => ({ notifications: settings }) as unknown as Pack, tenants: () => ['t1'] } as PackCatalog;
  const useCase = new RecordNotificationsUseCase(repo, new MemoryLiveChannel(), packs, {} as never, { warn: () => undefined } as never);
  const award = (userId: string, amount: number, i: number): OutcomeMessage =>
    ({
      topic: Topics.PointsAwarded,
      partition: 0,
      offset: String(i),
      key: userId,
      headers: {},
      timestamp: 0,
      value: { kind: 'earn', tenantId: 't1', userId, currency: 'xp', amount, eventId: `e${i}`, eventType: 'answer.accepted', ruleId: 'answer', ruleVersion: 1, ledgerKey: `k${i}`, lifetime: 100, spendable: 100, occurredAt: '2026-12-07T00:00:00.000Z' },
    }) as unknown as OutcomeMessage;
  await useCase.execute([award('ann', 10, 1), award('bob', 25, 2)]);
  return added;
}

describe('RecordNotificationsUseCase: titles, groups and channels', () => {
  it('without a template or batching: the built-in title, no group, the user\'s channels', async () => {
    const [ann, bob] = await recorded({});
    expect([ann!.title, ann!.group, ann!.retitle, ann!.inApp, ann!.webhook]).toEqual(['+10 xp', undefined, undefined, true, true]);
    expect([bob!.title, bob!.webhook]).toEqual(['+25 xp', false]);
  });

  it('batching without a template: grouped per rule and currency; a grown group reads from the built-in title', async () => {
    const [ann] = await recorded({ batch: { 'points.awarded': { windowSeconds: 60 } } });
    expect(ann!.title).toBe('+10 xp');
    expect(ann!.group).toEqual({ key: 'points.awarded:answer:xp', windowMs: 60_000 });
    expect(ann!.retitle!(3, 30)).toBe('+30 xp (3 times)');
  });

  it('a template titles the first and the grown group alike, in the values of each; one that renders empty stays empty', async () => {
    const [ann] = await recorded({ templates: { 'points.awarded': { en: '{total} {currency} from {count, plural, one {# answer} other {# answers}} (first: {title})' } }, batch: { 'points.awarded': { windowSeconds: 60 } } });
    expect(ann!.title).toBe('10 xp from 1 answer (first: +10 xp)');
    expect(ann!.retitle!(3, 30)).toBe('30 xp from 3 answers (first: +10 xp)');
    const [blank] = await recorded({ templates: { 'points.awarded': { en: '' } } });
    expect(blank!.title).toBe('');
  });

  it('leaves out a kind the user or the pack muted', async () => {
    expect(await recorded({}, ['points.*'])).toEqual([]);
    expect(await recorded({ mute: ['points.awarded'] })).toEqual([]);
  });
});
