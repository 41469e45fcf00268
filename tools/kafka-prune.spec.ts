import { pruneLimit, RUN_NAMESPACE } from './kafka-prune';

describe('kafka-prune', () => {
  it("matches the namespaces of tests' and benches' uniqueId, not the platform's, tenants' or a plain one", () => {
    for (const t of ['fp-0df2cf8f71.questline.event.accepted.v1', 'faults-4b34f7bd1c.plan.events', 'up949f9372aa.questline.points.awarded.v1', 'sc-fe0ceffcfc.questline.achievements'])
      expect(RUN_NAMESPACE.test(t)).toBe(true);
    for (const t of ['questline.event.accepted.v1', 'tektree.gamification.events', 'health.events', 'prod.questline.event.accepted.v1', 'keep-0df2cf8f71-questline.points.awarded.v1'])
      expect(RUN_NAMESPACE.test(t)).toBe(false);
  });

  it('takes a whole number of partitions as the limit (8,000 when unset) and refuses anything else', () => {
    expect(pruneLimit(undefined)).toBe(8_000);
    expect(pruneLimit('')).toBe(8_000);
    expect(pruneLimit('0')).toBe(0);
    expect(pruneLimit('12000')).toBe(12_000);
    for (const bad of ['abc', '-1', '1.5', 'NaN']) expect(() => pruneLimit(bad)).toThrow(/whole number/);
  });
});
