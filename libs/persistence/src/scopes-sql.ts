/**
 * SQL over `ledger_entry.scopes` (jsonb): a dimension's value is a string, or a list of strings
 * when the event's field was a list (tags). `scopeList(expr)` is the value as a jsonb list, for
 * `jsonb_array_elements_text`: every value an entry counts under.
 */
export const scopeList = (expr: string): string => `CASE jsonb_typeof(${expr}) WHEN 'array' THEN ${expr} ELSE jsonb_build_array(${expr}) END`;
