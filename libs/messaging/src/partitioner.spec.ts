import { murmur2, partitionFor } from './partitioner';

describe('partitioner', () => {
  it('matches Kafka murmur2 reference values (org.apache.kafka.common.utils.UtilsTest)', () => {
    // Values from Kafka's own test suite for Utils.murmur2.
    expect(murmur2(Buffer.from('21'))).toBe(-973932308);
    expect(murmur2(Buffer.from('foobar'))).toBe(-790332482);
    expect(murmur2(Buffer.from('a-little-bit-long-string'))).toBe(-985981536);
    expect(murmur2(Buffer.from('a-little-bit-longer-string'))).toBe(-1486304829);
    expect(murmur2(Buffer.from('lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8'))).toBe(-58897971);
    expect(murmur2(Buffer.from('abc'))).toBe(479470107);
  });

  it('is stable and within range', () => {
    for (const key of ['tektree:alice', 'tektree:bob', '', 'x'.repeat(100)]) {
      const p = partitionFor(key, 7);
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThan(7);
      expect(partitionFor(key, 7)).toBe(p);
    }
  });
});
