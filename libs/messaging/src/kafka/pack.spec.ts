import type { RawOutgoing } from '../transport.port';
import { CorruptPackError, packMessages, unpackMessages } from './pack';

describe('packed records (many messages in one Kafka record)', () => {
  const messages: RawOutgoing[] = [
    { key: 'tenant:ünïcödé 用户', value: '{"a":1}', headers: { 'questline-event-id': 'e1', traceparent: '00-abc-def-01' } },
    { key: 'k2', value: null, headers: {} },
    { key: '', value: '', headers: undefined },
    { key: 'k4', value: 'x'.repeat(70_000) },
  ];

  it('round-trips keys, headers, values (null and empty too), in order', () => {
    expect(unpackMessages(packMessages(messages))).toEqual([
      { key: 'tenant:ünïcödé 用户', value: '{"a":1}', headers: { 'questline-event-id': 'e1', traceparent: '00-abc-def-01' } },
      { key: 'k2', value: null, headers: {} },
      { key: '', value: '', headers: {} },
      { key: 'k4', value: 'x'.repeat(70_000), headers: {} },
    ]);
  });

  it('refuses anything that is not a whole, well-formed pack (the consumer dead-letters it)', () => {
    const good = packMessages(messages);
    const bad = [
      Buffer.from('{"not":"a pack"}'),
      good.subarray(0, good.length - 1),
      Buffer.concat([good, Buffer.from([0])]),
      Buffer.concat([good.subarray(0, 4), Buffer.from([0, 0, 0, 9]), good.subarray(8)]),
      packMessages([]), // no messages: nothing a producer writes
      packMessages([{ key: 'k', value: 'v', headers: { n: 5 } as never }]), // a header that is not a string
      Buffer.concat([Buffer.from('QLP1'), Buffer.from([0, 0, 0x27, 0x10])]), // 10,000 messages claimed
      (() => {
        const b = Buffer.from(packMessages([{ key: 'k', value: 'v', headers: { a: 'b' } }]));
        b.write('[', 8 + 4 + 1 + 4); // headers no longer JSON
        return b;
      })(),
    ];
    for (const b of bad) expect(() => unpackMessages(b)).toThrow(CorruptPackError);
  });
});
