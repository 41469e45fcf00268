/**
 * Outbound templates: how a tenant's pack and dialect write an outcome in the tenant's own shape.
 * Declarative JSON/YAML, compiled once:
 *
 * - a string starting with `$` reads a dotted path of the outcome (`$userId`, `$scopes.community`,
 *   `$data.streak_day`); `$$…` is the literal text `$…`;
 * - `$a ?? $b ?? literal`: the first alternative present (and not null) wins;
 * - `|int`, `|number`, `|string`, `|bool`, `|semver` after the path convert the value (`$scopes.community|int`:
 *   dimension values are strings, a seed's `community_id` is an integer);
 * - any other value (number, boolean, null, other strings) is a literal; objects and arrays are
 *   templates themselves; the key `...` spreads an object's fields into its object (fields written
 *   out beside it win, whatever their order), for flat envelopes;
 * - a path that is absent (or a conversion that fails, like `|int` of `"abc"`) leaves its key out of
 *   the object: the tenant's schema then says whether the field was required.
 */
export type Template = unknown;
export type Context = Record<string, unknown>;
type Render = (ctx: Context) => unknown;

const ABSENT = Symbol('absent');
const SPREAD = '...';
const CONVERSIONS: Record<string, (v: unknown) => unknown> = {
  int: (v) => {
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d{1,15}$/.test(v.trim()) ? Number(v) : NaN;
    return Number.isSafeInteger(n) ? n : ABSENT;
  },
  number: (v) => {
    const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
    return Number.isFinite(n) ? n : ABSENT;
  },
  string: (v) => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : ABSENT),
  /** A schema version as semver (`2` → `2.0.0`: seed 001's event_version). */
  semver: (v) => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? `${v}.0.0` : typeof v === 'string' && /^\d+\.\d+\.\d+$/.test(v) ? v : ABSENT),
  bool: (v) => (typeof v === 'boolean' ? v : v === 'true' ? true : v === 'false' ? false : ABSENT),
};

export class TemplateError extends Error {
  constructor(
    readonly pointer: string,
    detail: string,
  ) {
    super(`${pointer || '/'}: ${detail}`);
    this.name = 'TemplateError';
  }
}

function compileRef(expr: string, pointer: string): Render {
  const [path = '', convert, ...rest] = expr.slice(1).split('|');
  if (rest.length > 0) throw new TemplateError(pointer, `one conversion at most in "${expr}"`);
  if (!/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_-]+)*$/.test(path)) throw new TemplateError(pointer, `"${expr}" is not a path (letters, digits, _ and - separated by dots)`);
  const conv = convert === undefined ? undefined : CONVERSIONS[convert];
  if (convert !== undefined && !conv) throw new TemplateError(pointer, `unknown conversion "|${convert}" (one of ${Object.keys(CONVERSIONS).join(', ')})`);
  const parts = path.split('.');
  return (ctx) => {
    let v: unknown = ctx;
    for (const p of parts) {
      if (v === null || typeof v !== 'object' || !Object.hasOwn(v, p)) return ABSENT;
      v = (v as Record<string, unknown>)[p];
    }
    if (v === undefined) return ABSENT;
    return conv ? conv(v) : v;
  };
}

function compileNode(t: Template, pointer: string): Render {
  if (typeof t === 'string') {
    if (t.startsWith('$$')) {
      const literal = t.slice(1);
      return () => literal;
    }
    if (t.startsWith('$')) {
      // `$a ?? $b ?? literal`: the first present wins.
      const alternatives = t
        .split(' ?? ')
        .map((a, i, all) => (a.startsWith('$') && !a.startsWith('$$') ? compileRef(a, pointer) : i === all.length - 1 ? compileNode(a, pointer) : badFallback(a, pointer)));
      if (alternatives.length === 1) return alternatives[0]!;
      return (ctx) => {
        for (const r of alternatives) {
          const v = r(ctx);
          if (v !== ABSENT && v !== null) return v;
        }
        return ABSENT;
      };
    }
    return () => t;
  }
  if (Array.isArray(t)) {
    const items = t.map((x, i) => compileNode(x, `${pointer}/${i}`));
    return (ctx) => items.map((r) => r(ctx)).filter((v) => v !== ABSENT);
  }
  if (t !== null && typeof t === 'object') {
    const fields = Object.entries(t).map(([k, v]) => [k, compileNode(v, `${pointer}/${k}`)] as const);
    return (ctx) => {
      const out: Record<string, unknown> = {};
      for (const [k, r] of fields) {
        const v = r(ctx);
        if (v === ABSENT) continue;
        // `"...": $payload` spreads an object's fields here (flat envelopes: seed 000's events).
        if (k === SPREAD) {
          if (v !== null && typeof v === 'object' && !Array.isArray(v)) for (const [fk, fv] of Object.entries(v)) if (!Object.hasOwn(out, fk)) out[fk] = fv;
        } else out[k] = v;
      }
      return out;
    };
  }
  return () => t;
}

function badFallback(a: string, pointer: string): never {
  throw new TemplateError(pointer, `"${a}": only the last alternative after ?? may be a literal`);
}

/** Compiles a template (throws TemplateError with the JSON pointer of a bad expression). */
export function compileTemplate(template: Template): (ctx: Context) => unknown {
  const render = compileNode(template, '');
  return (ctx) => {
    const v = render(ctx);
    return v === ABSENT ? undefined : v;
  };
}

/**
 * The names a template reads at the top of the outcome (`$event.payload.x` reads `event`,
 * `$scopes.community ?? 0` reads `scopes`): what must be in the context for it to render as
 * written, so a caller can skip loading what no template reads.
 */
export function templateReads(template: Template, into = new Set<string>()): Set<string> {
  if (typeof template === 'string') {
    for (const a of template.split(' ?? ')) if (a.startsWith('$') && !a.startsWith('$$')) into.add(a.slice(1).split('|')[0]!.split('.')[0]!);
  } else if (Array.isArray(template)) for (const t of template) templateReads(t, into);
  else if (template !== null && typeof template === 'object') for (const t of Object.values(template)) templateReads(t, into);
  return into;
}
