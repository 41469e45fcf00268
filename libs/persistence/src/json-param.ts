/**
 * A batch statement's jsonb column as ONE parameter: the batch's values as a JSON array, read per
 * row with `jsonAt`. As a `jsonb[]` (or `text[]`) parameter, node-pg quotes and escapes every
 * element (two regular expressions per string: JSON is full of quotes) and Postgres unescapes each
 * again before parsing it as JSON; one JSON text skips both. Measured on scratch copies of the
 * tables, alternating, medians per statement of 500 rows: event envelopes ×0.60, the notification
 * INSERT (a small `data` beside eight other columns) ×0.84.
 */
export const jsonArrayParam = (values: readonly unknown[]): string => JSON.stringify(values);

/**
 * The value of row `ordinality` (1-based, from `WITH ORDINALITY` over the statement's other
 * arrays) in the jsonArrayParam at `param` (`'$9'`). Postgres parses the parameter once per
 * statement; `->` with an index reads a jsonb array element without a scan. `nullable`: an
 * undefined or null value is stored as SQL NULL (what `null` in a `jsonb[]` was), not JSON `null`.
 * Without it an undefined value becomes JSON `null` (in a `jsonb[]` it was SQL NULL): use it only
 * for values that are always defined.
 *
 * The whole array is parsed, rows a statement later drops (duplicates, conflicts) included, and
 * one jsonb value holds at most 256 MB: a batch's values together stay under that.
 */
export const jsonAt = (param: string, ordinality: string, nullable = false): string =>
  nullable ? `nullif(${param}::jsonb -> (${ordinality}::int - 1), 'null'::jsonb)` : `(${param}::jsonb -> (${ordinality}::int - 1))`;
