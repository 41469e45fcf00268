import type { Headers, RawOutgoing } from '../transport.port';

/**
 * Many messages in one Kafka record ("packed"): kafkajs' cost is per record — encoding, CRC,
 * headers, decoding — so a partition's messages of one send travel as one record and are unpacked
 * by the consumer into the same messages, in order, each with its own key and headers. The record
 * carries PACK_HEADER; its value is:
 *
 *   "QLP1" | u32 count | count × ( u32 keyLength key | u32 headersLength headersJson | i32 valueLength value )
 *
 * (big-endian lengths in bytes, UTF-8; a value length of -1 is a null value).
 */
export const PACK_HEADER = 'questline-pack';
const MAGIC = Buffer.from('QLP1');
/** The most messages a pack may hold (producers write at most 500): a larger count is refused as corrupt. */
export const MAX_PACKED_MESSAGES = 1000;

export function packMessages(messages: readonly RawOutgoing[]): Buffer {
  const parts: Buffer[] = [MAGIC, u32(messages.length)];
  for (const m of messages) {
    const key = Buffer.from(m.key, 'utf8');
    const headers = Buffer.from(m.headers && Object.keys(m.headers).length > 0 ? JSON.stringify(m.headers) : '', 'utf8');
    parts.push(u32(key.length), key, u32(headers.length), headers);
    if (m.value === null) parts.push(i32(-1));
    else {
      const value = Buffer.from(m.value, 'utf8');
      parts.push(i32(value.length), value);
    }
  }
  return Buffer.concat(parts);
}

export interface UnpackedMessage {
  key: string;
  headers: Headers;
  value: string | null;
}

/** Throws CorruptPackError when the bytes are not a whole, well-formed pack. */
export function unpackMessages(data: Buffer): UnpackedMessage[] {
  if (data.length < 8 || !data.subarray(0, 4).equals(MAGIC)) throw new CorruptPackError('not a pack (magic)');
  const count = data.readUInt32BE(4);
  if (count === 0 || count > MAX_PACKED_MESSAGES) throw new CorruptPackError(`holds ${count} messages (1 to ${MAX_PACKED_MESSAGES})`);
  let at = 8;
  const need = (n: number) => {
    if (n < 0 || at + n > data.length) throw new CorruptPackError(`truncated at byte ${at}`);
  };
  const out: UnpackedMessage[] = [];
  for (let i = 0; i < count; i++) {
    need(4);
    const keyLength = data.readUInt32BE(at);
    at += 4;
    need(keyLength);
    const key = data.toString('utf8', at, (at += keyLength));
    need(4);
    const headersLength = data.readUInt32BE(at);
    at += 4;
    need(headersLength);
    let headers: Headers = {};
    if (headersLength > 0) {
      try {
        headers = JSON.parse(data.toString('utf8', at, at + headersLength)) as Headers;
      } catch {
        throw new CorruptPackError(`headers of message ${i} are not JSON`);
      }
      if (headers === null || typeof headers !== 'object' || Array.isArray(headers)) throw new CorruptPackError(`headers of message ${i} are not an object`);
      for (const v of Object.values(headers)) if (typeof v !== 'string') throw new CorruptPackError(`a header of message ${i} is not a string`);
    }
    at += headersLength;
    need(4);
    const valueLength = data.readInt32BE(at);
    at += 4;
    let value: string | null = null;
    if (valueLength >= 0) {
      need(valueLength);
      value = data.toString('utf8', at, (at += valueLength));
    } else if (valueLength !== -1) throw new CorruptPackError(`negative length ${valueLength}`);
    out.push({ key, headers, value });
  }
  if (at !== data.length) throw new CorruptPackError(`${data.length - at} bytes after the last message`);
  return out;
}

export class CorruptPackError extends Error {
  constructor(detail: string) {
    super(`corrupt packed record: ${detail}`);
    this.name = 'CorruptPackError';
  }
}

function u32(n: number): Buffer {
  const b = Buffer.allocUnsafe(4);
  b.writeUInt32BE(n);
  return b;
}
function i32(n: number): Buffer {
  const b = Buffer.allocUnsafe(4);
  b.writeInt32BE(n);
  return b;
}
