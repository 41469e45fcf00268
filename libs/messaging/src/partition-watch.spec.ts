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
});
