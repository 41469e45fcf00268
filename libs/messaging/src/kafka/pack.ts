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
  // Lengths first, then one buffer written in place (not four small buffers per message and a concat).
  const n = messages.length;
  const headers: string[] = new Array(n);
  let total = 8;
  for (let i = 0; i < n; i++) {
    const m = messages[i]!;
    const h = m.headers && hasKeys(m.headers) ? JSON.stringify(m.headers) : '';
    headers[i] = h;
    total += 12 + Buffer.byteLength(m.key, 'utf8') + Buffer.byteLength(h, 'utf8') + (m.value === null ? 0 : Buffer.byteLength(m.value, 'utf8'));
  }
  const out = Buffer.allocUnsafe(total);
  MAGIC.copy(out, 0);
  out.writeUInt32BE(n, 4);
  let at = 8;
  const text = (s: string) => {
    const len = out.write(s, at + 4, 'utf8');
    out.writeUInt32BE(len, at);
    at += 4 + len;
  };
  for (let i = 0; i < n; i++) {
    const m = messages[i]!;
    text(m.key);
    text(headers[i]!);
    if (m.value === null) {
      out.writeInt32BE(-1, at);
      at += 4;
    } else text(m.value);
  }
  return out;
}

function hasKeys(o: object): boolean {
  for (const k in o) if (Object.hasOwn(o, k)) return true;
  return false;
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
