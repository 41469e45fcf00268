import { ALL_TOPICS, dlqTopic, SHARED_INBOUND_TOPIC } from '@questline/contracts';
import type { Pack, PackCatalog } from '@questline/rules';
import { inboundTopics, inboundTopicsKey } from './inbound-events.consumer';

/** Active packs as ingest sees them: only their inbound topics matter here. */
const catalog = (claims: Record<string, string[]>): PackCatalog => ({
  tenants: () => Object.keys(claims),
  get: (tenant) => (claims[tenant] ? ({ tenant, ingest: { kafkaTopics: claims[tenant] } } as unknown as Pack) : undefined),
});

describe("ingest's inbound topics: a pack claiming a reserved topic (stored before the pack checks refused it) never gets it", () => {
  it("keeps the shared inbound topic shared (no owner) whichever tenant claims it, and keeps tenants' own topics", () => {
    const log = { warn: jest.fn() };
    const topics = inboundTopics(catalog({ austa: ['health.events'], mallory: ['mallory.events', SHARED_INBOUND_TOPIC] }), log);
    expect([...topics]).toEqual([
      [SHARED_INBOUND_TOPIC, null],
      ['health.events', 'austa'],
      ['mallory.events', 'mallory'],
    ]);
  });

  it("never reads an internal topic, a DLQ, a retry topic or Kafka's own as a tenant's inbound", () => {
    const claimed = [...ALL_TOPICS, dlqTopic(SHARED_INBOUND_TOPIC), 'health.events.dlq', 'health.events.questline.ingest.retry-1', '__consumer_offsets', 'questline_event_accepted_v1'];
    const topics = inboundTopics(catalog({ austa: ['health.events'], eve: claimed }), { warn: jest.fn() });
    expect([...topics]).toEqual([
      [SHARED_INBOUND_TOPIC, null],
      ['health.events', 'austa'],
    ]);
    expect(inboundTopicsKey(catalog({ eve: claimed }))).toBe(`${SHARED_INBOUND_TOPIC}=`);
  });

  it('warns once per tenant and topic, naming both, however often the topics are recomputed', () => {
    const log = { warn: jest.fn() };
    const packs = catalog({ trudy: ['trudy.events', SHARED_INBOUND_TOPIC, 'questline.event.scored.v1'] });
    for (let i = 0; i < 3; i++) inboundTopics(packs, log);
    expect(log.warn).toHaveBeenCalledTimes(2);
    expect(log.warn).toHaveBeenCalledWith({ tenant: 'trudy', topic: SHARED_INBOUND_TOPIC, reserved: 'questline' }, expect.stringContaining('tenant "trudy" claims the reserved topic "questline.inbound.v1"'));
    expect(log.warn).toHaveBeenCalledWith(expect.objectContaining({ tenant: 'trudy', topic: 'questline.event.scored.v1' }), expect.any(String));
  });
});
