import fc from 'fast-check';
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

  it('writes the same bytes as the plain layout (a buffer per field, concatenated), for any keys, headers and values', () => {
    // The reference: the format written field by field, as pack.ts documents it.
    const u32 = (n: number) => {
      const b = Buffer.alloc(4);
      b.writeUInt32BE(n);
      return b;
    };
    const reference = (ms: RawOutgoing[]) =>
      Buffer.concat([
        Buffer.from('QLP1'),
        u32(ms.length),
        ...ms.flatMap((m) => {
          const key = Buffer.from(m.key, 'utf8');
          const headers = Buffer.from(m.headers && Object.keys(m.headers).length > 0 ? JSON.stringify(m.headers) : '', 'utf8');
          const value = m.value === null ? null : Buffer.from(m.value, 'utf8');
          const valueLength = Buffer.alloc(4);
          valueLength.writeInt32BE(value === null ? -1 : value.length);
          return [u32(key.length), key, u32(headers.length), headers, valueLength, ...(value ? [value] : [])];
        }),
      ]);
    // Full Unicode, and lone surrogates (written as U+FFFD by both).
    const text = fc.oneof(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }), fc.constantFrom('\ud800', 'a\udfffb', ''));
    const message = fc.record(
      { key: text, value: fc.option(text, { nil: null }), headers: fc.option(fc.dictionary(text, text, { maxKeys: 4 }), { nil: undefined }) },
      { requiredKeys: ['key', 'value'] },
    );
    fc.assert(
      fc.property(fc.array(message, { minLength: 1, maxLength: 20 }), (ms) => {
        const packed = packMessages(ms as RawOutgoing[]);
        expect(packed.equals(reference(ms as RawOutgoing[]))).toBe(true);
        expect(unpackMessages(packed).map((m) => m.key)).toEqual(ms.map((m) => Buffer.from(m.key, 'utf8').toString('utf8')));
      }),
      { numRuns: 300 },
    );
  });
});
