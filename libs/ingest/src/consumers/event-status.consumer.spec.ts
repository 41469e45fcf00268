import { Topics, type CanonicalEnvelope, type EventStatusMessage } from '@questline/contracts';
import type { MessageBus, Subscription } from '@questline/messaging';
import { createMetrics } from '@questline/platform';
import type { Pack, PackCatalog } from '@questline/rules';
import type { IngestedEventRepository, SettledEvent } from '../domain/ingested-event.repository';
import { EventStatusConsumer } from './event-status.consumer';

/** A settled event of tenant `t` whose `journey` is `j` (none when undefined; no envelope read back when null), received `ageMs` ago. */
const settled = (t: string, status: SettledEvent['status'], j: string | undefined | null, ageMs: number, now: number): SettledEvent => ({
  tenantId: t,
  status,
  receivedAtMs: now - ageMs,
  envelope: j === null ? null : ({ payload: j === undefined ? {} : { journey: j } } as unknown as CanonicalEnvelope),
});

describe('EventStatusConsumer: settled events counted per tenant, dimension and status', () => {
  it('counts every settled event once and observes each processing time, whatever the mix in a batch', async () => {
    const now = Date.now();
    const batch: SettledEvent[] = [
      ...Array.from({ length: 7 }, (_, i) => settled('austa', 'processed', i % 2 ? 'health' : 'care', 1000 * (i + 1), now)),
      settled('austa', 'dead_lettered', 'health', 500, now),
      settled('austa', 'processed', undefined, 10, now),
      settled('austa', 'processed', null, 10, now),
      ...Array.from({ length: 4 }, () => settled('tektree', 'processed', 'ignored', 2000, now)),
    ];
    const metrics = createMetrics('ingest', { tenantLabels: true });
    let handler: ((batch: unknown[]) => Promise<unknown>) | undefined;
    const bus = { subscribe: (o: { handler: typeof handler }) => ((handler = o.handler), Promise.resolve({} as Subscription)) } as unknown as MessageBus;
    const events = { applyStatus: () => Promise.resolve(batch), addUnlocks: () => Promise.resolve() } as unknown as IngestedEventRepository;
    const packs: PackCatalog = {
      tenants: () => ['austa', 'tektree'],
      get: (t) => (t === 'austa' ? ({ tenant: t, metricsDimension: 'journey', dimensions: [{ id: 'journey', path: 'payload.journey' }] } as unknown as Pack) : ({ tenant: t, dimensions: [] } as unknown as Pack)),
    };
    const consumer = new EventStatusConsumer(bus, events, packs, metrics);
    await (consumer as unknown as { subscribe(): Promise<Subscription> }).subscribe();
    const report: EventStatusMessage = { tenantId: 'austa', eventId: 'e', status: 'processed', stage: 'points', at: new Date(now).toISOString() };
    await handler!([{ topic: Topics.EventStatus, value: report }]);

    const counts = Object.fromEntries((await metrics.eventsSettled.get()).values.map((v) => [`${v.labels.tenant}/${v.labels.dimension}/${v.labels.status}`, v.value]));
    expect(counts).toEqual({ 'austa/care/processed': 4, 'austa/health/processed': 3, 'austa/health/dead_lettered': 1, 'austa/none/processed': 1, 'austa/all/processed': 1, 'tektree/all/processed': 4 });
    const histogram = (await metrics.eventProcessing.get()).values;
    const at = (suffix: string, labels: Record<string, string>) => histogram.find((v) => v.metricName === `questline_event_processing_seconds${suffix}` && Object.entries(labels).every(([k, x]) => (v.labels as Record<string, unknown>)[k] === x))?.value;
    expect(at('_count', { tenant: 'austa', dimension: 'care' })).toBe(4);
    expect(at('_sum', { tenant: 'austa', dimension: 'care' })).toBeCloseTo(1 + 3 + 5 + 7, 0);
    expect(at('_count', { tenant: 'austa', dimension: 'health' })).toBe(4); // 3 processed and 1 dead-lettered
    expect(at('_sum', { tenant: 'tektree', dimension: 'all' })).toBeCloseTo(8, 0);
  });
});
