import { ValidationFailedError } from '@questline/contracts';

/**
 * Opaque page cursors: base64url of a one-letter kind and a position (`e<entry id>`, `o<offset>`,
 * `s<notification seq>`, `n<notification id>` (the feed's before it was ordered by last change),
 * `d<webhook delivery id>`).
 */
export type CursorKind = 'e' | 'o' | 's' | 'n' | 'd';
export const encodeCursor = (kind: CursorKind, position: bigint | number | string) => Buffer.from(`${kind}${position}`).toString('base64url');

/** The position in a cursor of this kind, or undefined without one; 422 `invalid_cursor` for anything else. */
export function decodeCursor(kind: CursorKind, cursor: string | undefined): bigint | undefined {
  if (cursor === undefined) return undefined;
  const text = Buffer.from(cursor, 'base64url').toString();
  if (!new RegExp(`^${kind}\\d{1,18}$`).test(text) || encodeCursor(kind, text.slice(1)) !== cursor) {
    throw new ValidationFailedError('Malformed cursor.', [{ pointer: '/cursor', detail: 'use the nextCursor of a previous page' }], 'invalid_cursor');
  }
  return BigInt(text.slice(1));
}
