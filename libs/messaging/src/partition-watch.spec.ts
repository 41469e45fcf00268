import { PartitionWatch } from './partition-watch';
import type { RawDelivered } from './transport.port';

const batch = (topic: string, partition: number, offset = '7') => [{ topic, partition, offset, key: null, value: null, headers: {} } as unknown as RawDelivered];

describe('PartitionWatch', () => {
  it('forgets the stalls of partitions this process no longer owns (a rebalance, a closed consumer), keeps the rest', () => {
    const w = new PartitionWatch();
    w.failed('points', batch('scored', 0), 3, new Error('down'));
    w.failed('points', batch('scored', 3), 1, new Error('down'));
    w.failed('notifications', batch('scored', 0), 1, new Error('down'));
    w.release('points', (topic, partition) => topic === 'scored' && partition === 3);
    expect(w.stalled().map((s) => `${s.groupId}/${s.partition}`).sort()).toEqual(['notifications/0', 'points/3']);
    w.release('points');
    expect(w.stalled().map((s) => s.groupId)).toEqual(['notifications']);
  });

  it('a handler that has not answered is a stall once it has run for the threshold (a hang, not only a failure), and no longer once it answers', () => {
    const w = new PartitionWatch();
    const t0 = Date.now();
    w.started('points', batch('scored', 1, '42'));
    expect(w.stalled(5_000, t0 + 500)).toEqual([]);
    expect(w.stalled(5_000, t0 + 6_000)).toEqual([expect.objectContaining({ groupId: 'points', partition: 1, offset: '42', error: 'the batch handler has not answered yet' })]);
    // Failing and running at once: reported once, as the failure.
    w.failed('points', batch('scored', 1, '42'), 2, new Error('down'));
    expect(w.stalled(0, t0 + 6_000)).toEqual([expect.objectContaining({ attempts: 2, error: 'Error: down' })]);
    w.succeeded('points', 'scored', 1);
    w.finished('points', 'scored', 1);
    expect(w.stalled(0, t0 + 60_000)).toEqual([]);
  });
});
