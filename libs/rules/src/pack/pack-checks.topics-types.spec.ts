import { ALL_TOPICS, SHARED_INBOUND_TOPIC } from '@questline/contracts';
import { eventTypeErrors, registryErrors, reservedTopicErrors, topicConflicts, type RegistryView } from './pack-checks';
import { parsePack } from './parse-pack';

const TYPES = ['habit.created', 'habit.checked_in', 'habit.archived', 'user.registered'];
/** A registry whose `habits` namespace has TYPES, and renames the old `habit.made` to `habit.created` at ingest. */
const registry: RegistryView = {
  namespace: (id) => (id === 'habits' ? { aliases: { types: { 'habit.made': 'habit.created' } } } : undefined),
  dialect: () => ({ render: () => ({}) }),
  types: (ns) => (ns === 'habits' ? TYPES : []),
  current: (ns, type) => (ns === 'habits' && TYPES.includes(type) ? { type } : undefined),
};

/** A pack listening in every construct that takes an event type; `on` overrides one of them. */
const pack = (over: Partial<Record<'rule' | 'streak' | 'metric' | 'quest' | 'mission' | 'counter', string>> = {}, extra = '') =>
  parsePack(`
tenant: habits-co
version: 1
name: Habits
schemaNamespace: habits
currencies: [{ id: xp }]
rules:
  - { id: created, on: ${over.rule ?? 'habit.created'}, award: { currency: xp, amount: 5 } }
  - { id: any, on: "*", award: { currency: xp, amount: 1 } }
streaks:
  - { id: daily, name: Daily, on: ${over.streak ?? 'habit.checked_in'}, period: day }
metrics:
  - { id: check-ins, name: Check-ins, kind: count, on: ${over.metric ?? '[habit.checked_in, "habit.*"]'} }
quests:
  - { id: starter, name: Starter, steps: [{ id: s1, on: habit.created, target: 1 }, { id: s2, on: ${over.quest ?? 'habit.checked_in'}, target: 3 }] }
missions:
  perDay: 1
  pool: [{ id: m1, name: M1, steps: [{ id: s1, on: ${over.mission ?? 'habit.checked_in'}, target: 1 }] }]
counters:
  - { id: archived, name: Archived, steps: [{ on: ${over.counter ?? 'habit.archived'}, by: 1 }], milestones: [{ at: 10 }] }
${extra}`);

describe('every event type a pack listens to is registered in its namespace (reference.md: semantic checks)', () => {
  it('refuses a rule on an unregistered type, at its pointer, naming the closest registered type; registered types, matching families and "*" pass', () => {
    expect(registryErrors(pack(), registry)).toEqual([]);
    expect(registryErrors(pack({ rule: 'habit.creatd' }), registry)).toEqual([
      { pointer: '/rules/0/on', detail: 'event type "habit.creatd" is not registered in namespace "habits"; did you mean "habit.created"?' },
    ]);
  });

  it('checks streaks, metrics (each item of a list), quest, mission and counter steps', () => {
    const errors = eventTypeErrors(
      pack({ streak: 'habit.chekced_in', metric: '[habit.checked_in, habit.deleted]', quest: 'habit.checkedin', mission: 'payment.made', counter: '[habit.archived, "chat.*"]' }),
      registry,
    );
    expect(errors.map((e) => e.pointer)).toEqual(['/streaks/0/on', '/metrics/0/on/1', '/quests/0/steps/1/on', '/missions/pool/0/steps/0/on', '/counters/0/steps/0/on/1']);
    expect(errors[0]!.detail).toMatch(/"habit\.chekced_in" is not registered.*did you mean "habit\.checked_in"\?/);
    // Nothing close enough: no guess.
    expect(errors[3]!.detail).toBe('event type "payment.made" is not registered in namespace "habits"');
    expect(errors[4]!.detail).toBe('"chat.*" matches no event type registered in namespace "habits"');
    // In a namespace the registry does not have, the namespace is reported once, not every listener.
    const elsewhere = parsePack(`tenant: t\nversion: 1\nname: T\nschemaNamespace: nowhere\ncurrencies: [{ id: xp }]\nrules: [{ id: r, on: habit.creatd, award: { currency: xp, amount: 1 } }]`);
    expect(registryErrors(elsewhere, registry)).toEqual([{ pointer: '/schemaNamespace', detail: '"nowhere" is not in the event registry' }]);
  });

  it('says when the type is an old name the namespace renames at ingest (a rule on it would never fire)', () => {
    expect(registryErrors(pack({ rule: 'habit.made' }), registry)).toEqual([
      { pointer: '/rules/0/on', detail: 'event type "habit.made" is not registered in namespace "habits" ("habit.made" is an old name, renamed to "habit.created" at ingest: use "habit.created")' },
    ]);
  });
});

describe("a tenant's topics are never Questline's or Kafka's (reserved topics)", () => {
  const withTopics = (ingest: string[], outbound?: { topic: string; eventTopic?: string }, deadLetterTopic?: string) =>
    pack(
      {},
      [
        `ingest: { kafkaTopics: ${JSON.stringify(ingest)}${deadLetterTopic ? `, deadLetterTopic: "${deadLetterTopic}"` : ''} }`,
        outbound
          ? `outbound: { dialect: d, topic: "${outbound.topic}", events: [{ on: points.earned, type: habit.created, payload: {} }, { on: level.up, type: habit.created, payload: {}${outbound.eventTopic ? `, topic: "${outbound.eventTopic}"` : ''} }] }`
          : '',
      ].join('\n'),
    );

  it("refuses the shared inbound topic as an ingest topic, with the pointer and the rule, alongside another tenant's topic", () => {
    const other = parsePack(`tenant: other\nversion: 1\nname: O\nschemaNamespace: habits\ningest: { kafkaTopics: [habits.events] }\ncurrencies: [{ id: xp }]\nrules: []`);
    expect(topicConflicts(withTopics(['habits.events', SHARED_INBOUND_TOPIC]), [other])).toEqual([
      {
        pointer: '/ingest/kafkaTopics/1',
        detail: `"questline.inbound.v1" is reserved for Questline (the shared inbound topic and internal topics); a tenant's own topics cannot use the questline. prefix, start with __, end with .dlq or contain .retry-`,
      },
      { pointer: '/ingest/kafkaTopics/0', detail: 'Kafka topic "habits.events" is already the inbound topic of tenant "other"' },
    ]);
  });

  it("refuses every internal topic, the whole questline. namespace, DLQs, retry topics and Kafka internals; a tenant's own topics pass", () => {
    // Dots, dashes, underscores, a questline word that is not the prefix: a tenant's own.
    const own = ['habits.events', 'habits-checkins_v2', 'acme.questline.events', 'retry.events', 'dlq.events'];
    const reserved = [
      ...ALL_TOPICS,
      'questline.something.added.later.v1',
      'questline_inbound_v1', // collides with questline.inbound.v1 in Kafka
      'questline.event.accepted.v1.dlq',
      'health.events.dlq', // another tenant's dead letters
      'health.events.questline.ingest.retry-1',
      'questline.event.scored.v1.questline.points.retry-2',
      '__consumer_offsets',
      '__transaction_state',
    ];
    const errors = reservedTopicErrors(withTopics([...own, ...reserved]));
    expect(errors.map((e) => e.pointer)).toEqual(reserved.map((_, i) => `/ingest/kafkaTopics/${own.length + i}`));
    const detail = (t: string) => errors.find((e) => e.pointer === `/ingest/kafkaTopics/${own.length + reserved.indexOf(t)}`)!.detail;
    expect(detail('__consumer_offsets')).toMatch(/^"__consumer_offsets" is reserved for Kafka/);
    expect(detail('health.events.dlq')).toMatch(/^"health\.events\.dlq" is reserved for dead letters/);
    expect(detail('health.events.questline.ingest.retry-1')).toMatch(/is reserved for retries/);
  });

  it("refuses another tenant's topic under Kafka's '.'/'_' equivalence, as an inbound, outbound or dead-letter topic (attacker re-trial)", () => {
    const other = parsePack(`tenant: other\nversion: 1\nname: O\nschemaNamespace: habits\ningest: { kafkaTopics: [victim.events], deadLetterTopic: victim.dead }\ncurrencies: [{ id: xp }]\nrules: []`);
    expect(topicConflicts(withTopics(['victim_events']), [other])).toEqual([
      { pointer: '/ingest/kafkaTopics/0', detail: 'Kafka topic "victim_events" collides with "victim.events" of tenant "other" (Kafka treats \'.\' and \'_\' alike)' },
    ]);
    expect(topicConflicts(withTopics(['victim_dead']), [other]).map((e) => e.pointer)).toEqual(['/ingest/kafkaTopics/0']);
    expect(topicConflicts(withTopics([], undefined, 'victim.events'), [other]).map((e) => e.pointer)).toEqual(['/ingest/deadLetterTopic']);
    expect(topicConflicts(withTopics([], { topic: 'victim_events' }), [other]).map((e) => e.pointer)).toContain('/outbound');
    expect(topicConflicts(withTopics(['habits.events'], undefined, '{journey}.events.dlq'), [other])).toEqual([]);
  });

  it('refuses reserved outbound topics, the default and per event, at their own pointers', () => {
    expect(topicConflicts(withTopics([], { topic: 'questline.event.accepted.v1', eventTopic: '__consumer_offsets' }), []).map((e) => e.pointer)).toEqual(['/outbound/topic', '/outbound/events/1/topic']);
    expect(reservedTopicErrors(withTopics([], { topic: 'habits.out', eventTopic: 'questline.points.awarded.v1' }))).toEqual([
      { pointer: '/outbound/events/1/topic', detail: expect.stringMatching(/^"questline\.points\.awarded\.v1" is reserved for Questline/) },
    ]);
    expect(reservedTopicErrors(withTopics([], { topic: 'habits.events.dlq' })).map((e) => e.pointer)).toEqual(['/outbound/topic']);
    const own = withTopics(['habits.events'], { topic: 'habits.gamification.events', eventTopic: 'habits.levels' });
    expect(topicConflicts(own, [])).toEqual([]);
    expect(registryErrors(own, registry)).toEqual([]);
  });

  it("refuses a dead-letter copy topic in Questline's or Kafka's names, but keeps seed 002's {journey}.events.dlq", () => {
    expect(reservedTopicErrors(withTopics([], undefined, '{journey}.events.dlq'))).toEqual([]);
    expect(reservedTopicErrors(withTopics([], undefined, 'questline.{journey}.v1')).map((e) => e.pointer)).toEqual(['/ingest/deadLetterTopic']);
    expect(reservedTopicErrors(withTopics([], undefined, '__{journey}')).map((e) => e.pointer)).toEqual(['/ingest/deadLetterTopic']);
  });
});
