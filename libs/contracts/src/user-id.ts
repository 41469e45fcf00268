import { ValidationFailedError } from './errors';

/**
 * The one definition of a user id, used wherever one enters: an event's subject (ingest), a rule's
 * recipient (the rules engine), every API route that writes for a user, and erasure. One rule for
 * all of them is what keeps everything that can be credited erasable (GDPR Art. 17): an id ingest
 * or an admin route could write for but erasure refused would hold data no request can remove.
 */

/** The longest user id, in characters as JavaScript counts them (UTF-16 code units: never fewer than Postgres counts). */
export const MAX_USER_ID_LENGTH = 128;

/** Events linked to no one: anonymous, without a needed consent, or of an erased user (ingest's `linkOrCount`). */
export const UNLINKED_USER_ID = '_unlinked';
/** Events past the pack's `retention.anonymiseAfterDays` (the retention job). */
export const ANONYMISED_USER_ID = '_anonymised';
/** Events about no user (a schema's `subject: none`). */
export const SYSTEM_USER_ID = '_system';
/** What an erased user's rows carry instead of their id (`deleted:<uuid>`, the erasure receipt's pseudonym). */
export const ERASED_USER_PREFIX = 'deleted:';
/**
 * Ids the platform writes itself in place of a user. A product can never send them: crediting one
 * would give a profile, badges and a public rank to "nobody" (or to everyone erased), and erasure
 * cannot take them (they are shared by many people's rows).
 */
export const RESERVED_USER_ID_PREFIXES = ['_', ERASED_USER_PREFIX] as const;

/**
 * Control characters (C0, DEL, C1) and unpaired UTF-16 surrogates. With the `u` flag a valid pair
 * is one code point outside Cs, so only a lone surrogate matches. Postgres refuses NUL and lone
 * surrogates; the other controls break logs, CSV exports and the console.
 */
const UNSAFE_CHARACTER = /[\p{Cc}\p{Cs}]/u;

/**
 * Why `id` is not a valid user id, in words for a problem's `detail` (never repeating the id, which
 * may be huge or personal); null when it is one: 1 to 128 characters, not a platform placeholder
 * (starting with `_` or `deleted:`), no control character or unpaired surrogate.
 */
export function userIdProblem(id: unknown): string | null {
  if (typeof id !== 'string') return 'not a string';
  if (id.length === 0) return 'empty';
  if (id.length > MAX_USER_ID_LENGTH) return `${id.length} characters (at most ${MAX_USER_ID_LENGTH})`;
  if (id.startsWith('_') || id.startsWith(ERASED_USER_PREFIX)) return "reserved for the platform's placeholders (ids starting with '_' or 'deleted:')";
  if (UNSAFE_CHARACTER.test(id)) return 'contains a control character or an unpaired UTF-16 surrogate';
  return null;
}

export const isValidUserId = (id: unknown): id is string => userIdProblem(id) === null;

/** The refusal of an invalid user id: 422 problem+json, code `invalid_user_id`, `pointer` at the id as the caller sent it. */
export function invalidUserId(problem: string, pointer: string): ValidationFailedError {
  return new ValidationFailedError(`The user id is not valid: ${problem}.`, [{ pointer, detail: problem }], 'invalid_user_id');
}

/** Throws `invalidUserId` unless `id` is a valid user id. */
export function assertUserId(id: unknown, pointer: string): asserts id is string {
  const problem = userIdProblem(id);
  if (problem) throw invalidUserId(problem, pointer);
}
