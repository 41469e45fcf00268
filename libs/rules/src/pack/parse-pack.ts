import { IntlMessageFormat } from 'intl-messageformat';
import { userStateRefs } from '../engine/user-state';
import { partsOf, type Criterion } from '../engine/badges';
import Ajv, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import jsonLogic from 'json-logic-js';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import { RESCORE_RULE, REVERSAL_RULE, ValidationFailedError, type FieldError } from '@questline/contracts';
import { isMetricTally, metricTally } from './pack-checks';
import { PACK_SCHEMA } from './pack.schema';
import type { Pack, QuestDef, RewardDef } from './pack.types';

// verbose: an error keeps its schema, so an unknown field can be answered with the fields allowed there.
const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false, verbose: true });
addFormats(ajv);

/** Expressions are data, but a pack is untrusted input: bound their size and depth. */
export const MAX_EXPRESSION_NODES = 500;
export const MAX_EXPRESSION_DEPTH = 24;
/** A pack is configuration, not data: 1 MB of text is far beyond any real one. */
export const MAX_PACK_CHARS = 1_000_000;
const validateShape = ajv.compile(PACK_SCHEMA);

export class InvalidPackError extends ValidationFailedError {
  constructor(source: string, errors: FieldError[]) {
    super(`Pack ${source} is invalid: ${errors.map((e) => `${e.pointer} ${e.detail}`).join('; ')}`, errors, 'invalid_pack');
  }
}

/** Parses and validates a pack (YAML or JSON text). Throws InvalidPackError with JSON pointers. */
export function parsePack(text: string, source = 'pack'): Pack {
  if (text.length > MAX_PACK_CHARS) throw new InvalidPackError(source, [{ pointer: '', detail: `a pack is at most ${MAX_PACK_CHARS} characters` }]);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: true, lineCounter });
  if (doc.errors.length > 0) {
    throw new InvalidPackError(
      source,
      doc.errors.map((e) => {
        const line = e.linePos?.[0]?.line;
        // The YAML parser recurses per level: a document thousands of levels deep overflows its stack.
        const message = /Maximum call stack size exceeded/.test(e.message) ? 'nested too deep' : e.message.split('\n')[0]!.replace(/:\s*$/, '');
        return { pointer: '', detail: `line ${line ?? '?'}: ${message}`, ...(line ? { line } : {}) };
      }),
    );
  }
  let raw: unknown;
  try {
    // maxAliasCount bounds alias expansion: a "billion laughs" document is refused, not expanded.
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    throw new InvalidPackError(source, [{ pointer: '', detail: `cannot be read: ${(err as Error).message.split('\n')[0]}` }]);
  }
  if (!validateShape(raw)) {
    throw new InvalidPackError(
      source,
      withLines(
        doc,
        lineCounter,
        shapeErrors(validateShape.errors ?? []),
      ),
    );
  }
  const pack = raw as unknown as Pack;
  const errors = semanticErrors(pack);
  if (errors.length > 0) throw new InvalidPackError(source, withLines(doc, lineCounter, errors));
  return pack;
}

const escapeKey = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * The schema's errors as an author reads them: an unknown field is named (with the fields allowed
 * there), an enum lists its values, and where a value may take one of several forms (`oneOf`,
 * `anyOf`: an achievement's criterion, a rule's `on`) only the errors of the closest form are kept
 * — the one with the fewest — instead of every form's (a typo in `lifetimeAtLeast` was 31 errors).
 */
export function shapeErrors(errors: ErrorObject[]): FieldError[] {
  let kept = errors;
  for (const union of errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf')) {
    const prefix = `${union.schemaPath}/`;
    const inside = (e: ErrorObject) => e.schemaPath.startsWith(prefix) && (e.instancePath === union.instancePath || e.instancePath.startsWith(`${union.instancePath}/`));
    const branches = new Map<string, number>();
    for (const e of kept) if (inside(e)) branches.set(e.schemaPath.slice(prefix.length).split('/')[0]!, (branches.get(e.schemaPath.slice(prefix.length).split('/')[0]!) ?? 0) + 1);
    // No branch failed: the value matched more than one form; the union's own message says so.
    if (branches.size === 0) continue;
    const best = [...branches].sort((a, b) => a[1] - b[1])[0]![0];
    kept = kept.filter((e) => e !== union && (!inside(e) || e.schemaPath.slice(prefix.length).split('/')[0] === best));
  }
  return kept.map((e) => {
    const at = e.instancePath || '/';
    const params = e.params as Record<string, unknown>;
    switch (e.keyword) {
      case 'additionalProperties': {
        const allowed = Object.keys((e.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties ?? {});
        return { pointer: `${e.instancePath}/${escapeKey(String(params['additionalProperty']))}`, detail: `unknown field "${String(params['additionalProperty'])}"${allowed.length > 0 ? ` (allowed here: ${allowed.join(', ')})` : ''}` };
      }
      case 'required':
        return { pointer: at, detail: `missing the required field "${String(params['missingProperty'])}"` };
      case 'enum':
        return { pointer: at, detail: `must be one of: ${(params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
      case 'const':
        return { pointer: at, detail: `must be ${JSON.stringify(params['allowedValue'])}` };
      default:
        return { pointer: at, detail: e.message ?? 'invalid' };
    }
  });
}

/** The line of each error's field in the pack's text, for errors found after parsing (registry, topics, rule versions). */
export function withPackLines(text: string, errors: FieldError[]): FieldError[] {
  const lineCounter = new LineCounter();
  return withLines(parseDocument(text, { lineCounter }), lineCounter, errors);
}

/** Adds the line of each pointed-at field (or of its nearest ancestor present in the text). */
function withLines(doc: Document, lines: LineCounter, errors: FieldError[]): FieldError[] {
  return errors.map((e) => {
    const path = e.pointer
      .split('/')
      .slice(1)
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
      .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    for (let n = path.length; n >= 0; n--) {
      const node: unknown = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
      if (isNode(node) && node.range) return { ...e, line: lines.linePos(node.range[0]).line };
    }
    return e;
  });
}

function semanticErrors(pack: Pack): FieldError[] {
  const errors: FieldError[] = [];
  const currencies = new Set(pack.currencies.map((c) => c.id));
  const needCurrency = (pointer: string, currency: string) => {
    if (!currencies.has(currency)) errors.push({ pointer, detail: `unknown currency "${currency}"` });
  };
  pack.currencies.forEach((c, i) => {
    if (isMetricTally(c.id)) errors.push({ pointer: `/currencies/${i}/id`, detail: '`metric.` currencies are reserved for the tallies of ranked metrics' });
  });
  const unique = (list: { id: string }[], where: string) => {
    const seen = new Set<string>();
    list.forEach((item, i) => {
      if (seen.has(item.id)) errors.push({ pointer: `/${where}/${i}/id`, detail: `duplicate id "${item.id}"` });
      seen.add(item.id);
    });
  };
  unique(pack.currencies, 'currencies');
  unique(pack.rules, 'rules');
  unique(pack.leaderboards, 'leaderboards');
  unique(pack.achievements, 'achievements');
  const checkExpr = (pointer: string, expr: unknown) => {
    const problem = expressionProblem(expr);
    if (problem) errors.push({ pointer, detail: problem });
  };
  const ruleIds = new Set(pack.rules.map((r) => r.id));
  pack.rules.forEach((r, i) => {
    // The corrections' own rule ids: a rule named so would be taken for one (a reversal is never held at a floor).
    if (r.id === REVERSAL_RULE || r.id === RESCORE_RULE) errors.push({ pointer: `/rules/${i}/id`, detail: `"${r.id}" is reserved for ${r.id === REVERSAL_RULE ? 'reversals' : 're-scoring'}' corrections` });
    // A condition or amount may read the recipient's state: only state the pack keeps.
    const refs = userStateRefs([r.if, typeof r.award.amount === 'object' ? r.award.amount.expr : undefined]);
    for (const path of refs.unknown) {
      errors.push({ pointer: `/rules/${i}/if`, detail: `"${path}" is not user state the platform keeps (user.metrics.<id>, user.streaks.<id>, user.level, user.lifetime.<currency>, user.badges)` });
    }
    if (refs.level && !pack.levels) errors.push({ pointer: `/rules/${i}/if`, detail: 'user.level: the pack declares no levels' });
    if (refs.badges && pack.achievements.length === 0 && !pack.levels) errors.push({ pointer: `/rules/${i}/if`, detail: 'user.badges: the pack declares no achievements or levels' });
    for (const c of refs.lifetime) needCurrency(`/rules/${i}/if`, c);
    for (const id of refs.metrics) if (!(pack.metrics ?? []).some((m) => m.id === id)) errors.push({ pointer: `/rules/${i}/if`, detail: `user.metrics.${id}: no metric "${id}" in the pack` });
    for (const id of refs.streaks) if (!(pack.streaks ?? []).some((st) => st.id === id)) errors.push({ pointer: `/rules/${i}/if`, detail: `user.streaks.${id}: no streak "${id}" in the pack` });
    needCurrency(`/rules/${i}/award/currency`, r.award.currency);
    if (r.if !== undefined) checkExpr(`/rules/${i}/if`, r.if);
    if (typeof r.award.amount === 'object') checkExpr(`/rules/${i}/award/amount/expr`, r.award.amount.expr);
    const { min, max } = amountBounds(r.award);
    if (min > max) errors.push({ pointer: `/rules/${i}/award/min`, detail: `min ${min} is above max ${max}` });
  });
  // Windows of one cap nest (a day in a week in a month): a shorter window's cap above a longer
  // one's could never be reached, which is always a mistake in the pack.
  const nested = (pointer: string, windows: [string, number | undefined][]) => {
    const set = windows.filter((w): w is [string, number] => w[1] !== undefined);
    for (let a = 0; a < set.length; a++) {
      for (let b = a + 1; b < set.length; b++) {
        if (set[a]![1] > set[b]![1]) errors.push({ pointer: `${pointer}/${set[a]![0]}`, detail: `${set[a]![0]} ${set[a]![1]} is above ${set[b]![0]} ${set[b]![1]}: it could never be reached` });
      }
    }
  };
  pack.rules.forEach((r, i) => {
    if (!r.limits) return;
    nested(`/rules/${i}/limits`, [['perDay', r.limits.perDay], ['perWeek', r.limits.perWeek], ['perMonth', r.limits.perMonth]]);
    nested(`/rules/${i}/limits`, [['amountPerDay', r.limits.amountPerDay], ['amountPerWeek', r.limits.amountPerWeek], ['amountPerMonth', r.limits.amountPerMonth]]);
  });
  const capIds = new Set<string>();
  (pack.caps ?? []).forEach((c, i) => {
    nested(`/caps/${i}`, [['perDay', c.perDay], ['perWeek', c.perWeek], ['perMonth', c.perMonth]]);
    if (capIds.has(c.id)) errors.push({ pointer: `/caps/${i}/id`, detail: `duplicate cap id "${c.id}"` });
    capIds.add(c.id);
    needCurrency(`/caps/${i}/currency`, c.currency);
    c.rules.forEach((r, j) => {
      const rule = pack.rules.find((x) => x.id === r);
      if (!rule) errors.push({ pointer: `/caps/${i}/rules/${j}`, detail: `unknown rule "${r}"` });
      else if (rule.award.currency !== c.currency) errors.push({ pointer: `/caps/${i}/rules/${j}`, detail: `rule "${r}" awards ${rule.award.currency}, not ${c.currency}: a cap counts one currency` });
      else if (typeof rule.award.amount === 'number' && rule.award.amount < 0) {
        errors.push({ pointer: `/caps/${i}/rules/${j}`, detail: `rule "${r}" is a penalty (${rule.award.amount}): caps count positive awards only and never limit a penalty; leave it out` });
      }
    });
  });
  pack.boosts.forEach((b, i) => {
    b.currencies?.forEach((c, j) => needCurrency(`/boosts/${i}/currencies/${j}`, c));
    b.rules?.forEach((r, j) => {
      if (!ruleIds.has(r)) errors.push({ pointer: `/boosts/${i}/rules/${j}`, detail: `unknown rule "${r}"` });
    });
    if (!(Date.parse(b.from) < Date.parse(b.to))) errors.push({ pointer: `/boosts/${i}/to`, detail: 'must be after from' });
  });
  pack.conversions.forEach((c, i) => {
    needCurrency(`/conversions/${i}/from`, c.from);
    needCurrency(`/conversions/${i}/to`, c.to);
  });
  const cycle = conversionCycle(pack.conversions);
  if (cycle) errors.push({ pointer: '/conversions', detail: `cyclic conversion: ${cycle.join(' → ')}` });
  if (pack.gates.leaderboard) checkExpr('/gates/leaderboard/if', pack.gates.leaderboard.if);
  templateErrors(pack, errors);
  boardErrors(pack, errors, needCurrency, unique);
  const declared = pack.achievements.length;
  expandTiers(pack, errors);
  // A metric criterion unlocks on the metric's milestone at its threshold: the rules engine
  // decides it once, in the order it decides the user's events, and says which event did.
  const milestoneAt = (metric: string, atLeast: number) => {
    const def = pack.metrics.find((m) => m.id === metric);
    if (def && !def.milestones.some((m) => m.at === atLeast)) def.milestones.push({ at: atLeast });
    return def;
  };
  pack.achievements.forEach((a, i) => {
    const w = a.when;
    if (i >= declared) {
      // A tier: its achievement was checked above; a metric tier needs its own milestone.
      if ('metric' in w) milestoneAt(w.metric, w.atLeast);
      return;
    }
    const at = `/achievements/${i}`;
    const criterion = (c: Criterion, pointer: string) => {
      const known = (kind: string, id: string, list: { id: string }[]) => {
        if (!list.some((x) => x.id === id)) errors.push({ pointer: `${pointer}/${kind}`, detail: `no ${kind} "${id}" in the pack` });
      };
      if ('streak' in c) known('streak', c.streak, pack.streaks);
      else if ('quest' in c) known('quest', c.quest, pack.quests);
      else if ('mission' in c) known('mission', c.mission, pack.missions?.pool ?? []);
      else if ('level' in c) {
        if (!pack.levels) errors.push({ pointer: `${pointer}/level`, detail: 'the pack declares no levels' });
      } else if ('currency' in c) needCurrency(`${pointer}/currency`, c.currency);
      else if (!milestoneAt(c.metric, c.atLeast)) errors.push({ pointer: `${pointer}/metric`, detail: `no metric "${c.metric}" in the pack` });
    };
    const parts = partsOf(w);
    if (parts) parts.forEach((p, j) => criterion(p, `${at}/when/${'all' in w ? 'all' : 'any'}/${j}`));
    else if ('leaderboard' in w) {
      const board = pack.leaderboards.find((b) => b.id === w.leaderboard);
      if (!board) errors.push({ pointer: `${at}/when/leaderboard`, detail: `no leaderboard "${w.leaderboard}" in the pack` });
      else if (!(board.windows ?? ['all-time']).includes(w.window)) errors.push({ pointer: `${at}/when/window`, detail: `leaderboard "${w.leaderboard}" keeps no ${w.window} window` });
    } else criterion(w as Criterion, `${at}/when`);
    if (/^level-\d+$/.test(a.id)) errors.push({ pointer: `${at}/id`, detail: `"${a.id}" is reserved for level-ups` });
    if (a.reward) {
      if (('currency' in a.reward) !== ('amount' in a.reward)) errors.push({ pointer: `${at}/reward`, detail: 'a points reward needs both currency and amount' });
      if (a.reward.currency) needCurrency(`${at}/reward/currency`, a.reward.currency);
    }
    if (a.onRevoke === 'clawback' && !a.reward) errors.push({ pointer: `${at}/onRevoke`, detail: 'clawback takes back a reward: the achievement has none' });
    if (a.availableFrom && a.availableUntil && Date.parse(a.availableFrom) >= Date.parse(a.availableUntil)) {
      errors.push({ pointer: `${at}/availableUntil`, detail: `must be after availableFrom (${a.availableFrom})` });
    }
    if (a.repeatable) {
      const again =
        ('metric' in w && (pack.metrics.find((m) => m.id === w.metric)?.per ?? 'all') !== 'all') ||
        'mission' in w ||
        ('quest' in w && (pack.quests.find((q) => q.id === w.quest)?.repeat ?? 'never') !== 'never') ||
        'leaderboard' in w;
      if (!again) {
        errors.push({
          pointer: `${at}/repeatable`,
          detail: 'only a criterion that happens again can repeat: a metric kept per day, week or month, a mission, a quest that repeats, or a leaderboard finish',
        });
      }
    }
    if (a.revokeWhenLost && !(parts ?? [w]).some((p) => 'currency' in p || 'level' in p)) {
      errors.push({ pointer: `${at}/revokeWhenLost`, detail: 'only a balance or level criterion can be lost (progress is kept; re-scoring reports it)' });
    }
    a.requires?.forEach((r, j) => {
      if (!pack.achievements.some((x) => x.id === r) && !/^level-\d+$/.test(r)) errors.push({ pointer: `${at}/requires/${j}`, detail: `no achievement "${r}" in the pack` });
    });
  });
  const loop = prerequisiteCycle(pack.achievements);
  if (loop) errors.push({ pointer: '/achievements', detail: `prerequisites in a cycle: ${loop.join(' → ')}` });
  progressErrors(pack, errors, needCurrency, checkExpr, unique);
  if (pack.levels?.formula) {
    const { expr, maxLevel } = pack.levels.formula;
    const problem = expressionProblem(expr);
    if (problem) errors.push({ pointer: '/levels/formula/expr', detail: problem });
    else {
      pack.levels.thresholds = Array.from({ length: maxLevel }, (_, i) => Math.trunc(Number(jsonLogic.apply(expr as jsonLogic.RulesLogic, { level: i + 1 }))));
      if (pack.levels.thresholds.some((v) => !Number.isFinite(v) || v < 0)) errors.push({ pointer: '/levels/formula/expr', detail: 'must give a non-negative number for every level' });
    }
  }
  if (pack.levels) {
    needCurrency('/levels/currency', pack.levels.currency);
    const t = pack.levels.thresholds ?? []; // none when the formula was refused above
    if (t.some((v, i) => i > 0 && v <= t[i - 1]!)) errors.push({ pointer: '/levels/thresholds', detail: 'must be strictly ascending' });
  }
  if (pack.timezone) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: pack.timezone });
    } catch {
      errors.push({ pointer: '/timezone', detail: `unknown IANA time zone "${pack.timezone}"` });
    }
  }
  return errors;
}

/** Leaderboards, their scopes and seasons, and leagues. */
function boardErrors(pack: Pack, errors: FieldError[], needCurrency: (pointer: string, currency: string) => void, unique: (list: { id: string }[], where: string) => void): void {
  unique(pack.dimensions, 'dimensions');
  unique(pack.leagues, 'leagues');
  const dims = new Set(pack.dimensions.map((d) => d.id));
  if (pack.userTimezone !== undefined && !dims.has(pack.userTimezone)) errors.push({ pointer: '/userTimezone', detail: `unknown dimension "${pack.userTimezone}" (declare it under dimensions)` });
  if (pack.metricsDimension !== undefined && !dims.has(pack.metricsDimension)) errors.push({ pointer: '/metricsDimension', detail: `unknown dimension "${pack.metricsDimension}" (declare it under dimensions)` });
  const instant = (v: string) => (/^\d{4}-\d{2}-\d{2}/.test(v) ? Date.parse(v.length === 10 ? `${v}T00:00:00Z` : v) : NaN);
  pack.leaderboards.forEach((b, i) => {
    if (b.metric === undefined) needCurrency(`/leaderboards/${i}/currency`, b.currency);
    else if (!pack.metrics.some((m) => m.id === b.metric)) errors.push({ pointer: `/leaderboards/${i}/metric`, detail: `no metric "${b.metric}" in the pack` });
    else b.currency = metricTally(b.metric);
    b.scopes?.forEach((d, j) => {
      if (!dims.has(d)) errors.push({ pointer: `/leaderboards/${i}/scopes/${j}`, detail: `unknown dimension "${d}" (declare it under dimensions)` });
    });
    const seasons = b.seasons ?? [];
    if (b.windows?.includes('season') && seasons.length === 0) errors.push({ pointer: `/leaderboards/${i}/seasons`, detail: 'the season window needs at least one season' });
    unique(seasons, `leaderboards/${i}/seasons`);
    const ranges = seasons.map((s, j) => {
      const [from, to] = [instant(s.from), instant(s.to)];
      if (Number.isNaN(from)) errors.push({ pointer: `/leaderboards/${i}/seasons/${j}/from`, detail: 'must be an ISO date or instant' });
      if (Number.isNaN(to) || !(from < to)) errors.push({ pointer: `/leaderboards/${i}/seasons/${j}/to`, detail: 'must be an ISO date or instant after from' });
      return { j, from, to };
    });
    ranges.sort((a, b) => a.from - b.from);
    ranges.forEach((r, k) => {
      if (k > 0 && r.from < ranges[k - 1]!.to) errors.push({ pointer: `/leaderboards/${i}/seasons/${r.j}`, detail: 'seasons of a board must not overlap' });
    });
    if (b.lifecycle && b.lifecycle.lockAfterHours * 60 < b.lifecycle.publishAfterMinutes) errors.push({ pointer: `/leaderboards/${i}/lifecycle/lockAfterHours`, detail: 'a period cannot lock before it is published' });
  });
  pack.leagues.forEach((l, i) => {
    needCurrency(`/leagues/${i}/currency`, l.currency);
    if (l.promote + l.demote > l.cohortSize) errors.push({ pointer: `/leagues/${i}/promote`, detail: `promote + demote exceed the cohort size ${l.cohortSize}` });
  });
}

/** Streaks, missions, quests and counters: currencies exist, expressions compile, ids are unique. */
function progressErrors(
  pack: Pack,
  errors: FieldError[],
  needCurrency: (pointer: string, currency: string) => void,
  checkExpr: (pointer: string, expr: unknown) => void,
  unique: (list: { id: string }[], where: string) => void,
): void {
  const reward = (pointer: string, r: RewardDef | undefined) => r && needCurrency(`${pointer}/currency`, r.currency);
  const uniqueNumbers = (values: number[], pointer: string, what: string) => {
    if (new Set(values).size !== values.length) errors.push({ pointer, detail: `duplicate ${what}` });
  };
  unique(pack.streaks, 'streaks');
  pack.streaks.forEach((s, i) => {
    if (s.if !== undefined) checkExpr(`/streaks/${i}/if`, s.if);
    s.milestones.forEach((m, j) => reward(`/streaks/${i}/milestones/${j}/reward`, m.reward));
    uniqueNumbers(s.milestones.map((m) => m.length), `/streaks/${i}/milestones`, 'milestone length');
    if (s.freezeEvery !== undefined && (s.maxFreezes ?? 0) === 0) errors.push({ pointer: `/streaks/${i}/freezeEvery`, detail: 'earns nothing while maxFreezes is 0: set maxFreezes (the most freezes a user can hold)' });
  });
  const quests = (list: QuestDef[], where: string) => {
    unique(list, where);
    list.forEach((q, i) => {
      unique(q.steps, `${where}/${i}/steps`);
      reward(`/${where}/${i}/reward`, q.reward);
      q.steps.forEach((st, j) => {
        if (st.metric !== undefined) {
          const m = pack.metrics.find((x) => x.id === st.metric);
          if (!m) errors.push({ pointer: `/${where}/${i}/steps/${j}/metric`, detail: `no metric "${st.metric}" in the pack` });
          else if ((m.to ?? 'subject') !== 'subject') errors.push({ pointer: `/${where}/${i}/steps/${j}/metric`, detail: `metric "${st.metric}" is kept for ${m.to}, not for the user doing the quest` });
          if (st.on !== undefined || st.if !== undefined || st.by !== undefined) errors.push({ pointer: `/${where}/${i}/steps/${j}`, detail: 'a metric step takes no on, if or by: its progress is the metric' });
        }
        if (st.if !== undefined) checkExpr(`/${where}/${i}/steps/${j}/if`, st.if);
        if (typeof st.by === 'object') checkExpr(`/${where}/${i}/steps/${j}/by/expr`, st.by.expr);
      });
      if (q.availableFrom && q.availableUntil && !(Date.parse(q.availableFrom) < Date.parse(q.availableUntil))) {
        errors.push({ pointer: `/${where}/${i}/availableUntil`, detail: 'must be after availableFrom' });
      }
    });
  };
  quests(pack.quests, 'quests');
  if (pack.missions) {
    quests(pack.missions.pool, 'missions/pool');
    if (pack.missions.perDay > pack.missions.pool.length) errors.push({ pointer: '/missions/perDay', detail: `more than the ${pack.missions.pool.length} missions of the pool` });
    pack.missions.pool.forEach((m, i) => {
      if (m.deadlineDays || m.availableFrom || m.availableUntil || (m.repeat && m.repeat !== 'never')) {
        errors.push({ pointer: `/missions/pool/${i}`, detail: 'missions are daily: deadlineDays, availableFrom, availableUntil and repeat are for quests' });
      }
    });
  }
  unique(pack.counters, 'counters');
  pack.counters.forEach((c, i) => {
    c.steps.forEach((st, j) => st.if !== undefined && checkExpr(`/counters/${i}/steps/${j}/if`, st.if));
    c.milestones.forEach((m, j) => reward(`/counters/${i}/milestones/${j}/reward`, m.reward));
    uniqueNumbers(c.milestones.map((m) => m.at), `/counters/${i}/milestones`, 'milestone');
  });
  unique(pack.metrics ?? [], 'metrics');
  (pack.metrics ?? []).forEach((m, i) => {
    if (m.if !== undefined) checkExpr(`/metrics/${i}/if`, m.if);
    if (m.kind === 'sum' && m.value === 'day') errors.push({ pointer: `/metrics/${i}/value`, detail: 'a sum needs a numeric field, not the day' });
    if (m.kind === 'count' && m.value !== undefined) errors.push({ pointer: `/metrics/${i}/value`, detail: 'a count counts events: it takes no value (use kind: distinct to count distinct values)' });
    m.milestones.forEach((ms, j) => reward(`/metrics/${i}/milestones/${j}/reward`, ms.reward));
    uniqueNumbers(m.milestones.map((ms) => ms.at), `/metrics/${i}/milestones`, 'milestone');
  });
}

/**
 * Tiers become achievements of their own (`<id>.<tier>`, the criterion at the tier's threshold),
 * so unlocks, progress, the catalogue and batch evaluation treat every tier alike.
 */
function expandTiers(pack: Pack, errors: FieldError[]): void {
  // Appended after the pack's own, so error pointers into `achievements` keep their indices.
  const tiered: Pack['achievements'] = [];
  const ids = new Set(pack.achievements.map((a) => a.id));
  pack.achievements.forEach((a, i) => {
    if (!a.tiers?.length) return;
    const w = a.when;
    const base = 'lifetimeAtLeast' in w ? w.lifetimeAtLeast : 'atLeast' in w ? w.atLeast : 'level' in w ? w.level : undefined;
    if (base === undefined) {
      errors.push({ pointer: `/achievements/${i}/tiers`, detail: 'tiers need a threshold: a balance, metric, streak or level criterion' });
      return;
    }
    let previous = base;
    a.tiers.forEach((t, j) => {
      if (t.atLeast <= previous) errors.push({ pointer: `/achievements/${i}/tiers/${j}/atLeast`, detail: `tiers must rise: ${t.atLeast} is not above ${previous}` });
      previous = t.atLeast;
      if (ids.has(`${a.id}.${t.id}`)) errors.push({ pointer: `/achievements/${i}/tiers/${j}/id`, detail: `"${a.id}.${t.id}" is already an achievement id` });
      ids.add(`${a.id}.${t.id}`);
      const when = 'lifetimeAtLeast' in w ? { ...w, lifetimeAtLeast: t.atLeast } : 'atLeast' in w ? { ...w, atLeast: t.atLeast } : { level: t.atLeast };
      // A tier shares the achievement's secrecy, window, repeat and revocation; its reward is the achievement's own.
      const { secret, availableFrom, availableUntil, repeatable, revokeWhenLost } = a;
      tiered.push({
        id: `${a.id}.${t.id}`,
        name: t.name ?? `${a.name} (${t.id})`,
        ...(a.description ? { description: a.description } : {}),
        ...((t.class ?? a.class) ? { class: t.class ?? a.class } : {}),
        secret,
        ...(availableFrom ? { availableFrom } : {}),
        ...(availableUntil ? { availableUntil } : {}),
        repeatable,
        revokeWhenLost,
        onRevoke: 'keep',
        when,
      } as Pack['achievements'][number]);
    });
  });
  pack.achievements.push(...tiered);
}

/** A cycle among achievements' prerequisites (a → b → … → a), or null: none of them could ever unlock. */
function prerequisiteCycle(achievements: { id: string; requires?: string[] }[]): string[] | null {
  return graphCycle(achievements.map((a) => ({ from: a.id, to: a.requires ?? [] })));
}

/** A conversion graph cycle (a → b → … → a), or null. Conversions would credit forever. */
function conversionCycle(conversions: { from: string; to: string }[]): string[] | null {
  const next = new Map<string, string[]>();
  for (const c of conversions) next.set(c.from, [...(next.get(c.from) ?? []), c.to]);
  return graphCycle([...next].map(([from, to]) => ({ from, to })));
}

/** A cycle in a directed graph given as edges from each node, or null. */
function graphCycle(nodes: { from: string; to: string[] }[]): string[] | null {
  const next = new Map(nodes.map((n) => [n.from, n.to]));
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (node: string): string[] | null => {
    if (state.get(node) === 'visiting') return [...path.slice(path.indexOf(node)), node];
    if (state.get(node) === 'done') return null;
    state.set(node, 'visiting');
    path.push(node);
    for (const n of next.get(node) ?? []) {
      const found = visit(n);
      if (found) return found;
    }
    path.pop();
    state.set(node, 'done');
    return null;
  };
  for (const from of next.keys()) {
    const found = visit(from);
    if (found) return found;
  }
  return null;
}

/** Why an expression is refused (unknown operation, too big, too deep), or null. */
export function expressionProblem(expr: unknown): string | null {
  let nodes = 0;
  let deepest = 0;
  const walk = (node: unknown, depth: number) => {
    nodes++;
    deepest = Math.max(deepest, depth);
    if (nodes > MAX_EXPRESSION_NODES || depth > MAX_EXPRESSION_DEPTH) return;
    if (Array.isArray(node)) node.forEach((n) => walk(n, depth + 1));
    else if (node !== null && typeof node === 'object') Object.values(node).forEach((n) => walk(n, depth + 1));
  };
  walk(expr, 0);
  if (nodes > MAX_EXPRESSION_NODES) return `expression too large (more than ${MAX_EXPRESSION_NODES} nodes)`;
  if (deepest > MAX_EXPRESSION_DEPTH) return `expression nested too deeply (more than ${MAX_EXPRESSION_DEPTH} levels)`;
  if (typeof expr === 'number' || typeof expr === 'boolean') return null;
  if (!isJsonLogic(expr)) return 'not a JSONLogic expression (or it uses an unknown operation)';
  return iterationProblem(expr) ?? constantProblem(expr);
}

const ITERATIONS = new Set(['map', 'filter', 'reduce', 'all', 'some', 'none']);

/**
 * Size and depth do not bound an expression's work: an iteration's body runs once per element, so
 * an iteration inside another's body multiplies, and a `merge` of the accumulator inside `reduce`
 * doubles an array on every step (a 733-character formula took 2.6 s of the shared process, and a
 * few more elements would take hours). Iterations may follow one another or take another's result
 * as their array, but not run inside another's body, and no `merge` may run inside one.
 */
function iterationProblem(expr: unknown): string | null {
  let problem: string | null = null;
  const visit = (node: unknown, inBody: string | null): void => {
    if (problem || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach((n) => visit(n, inBody));
    if (!jsonLogic.is_logic(node)) return;
    const op = jsonLogic.get_operator(node);
    const args = (node as Record<string, unknown>)[op];
    const list = Array.isArray(args) ? args : [args];
    if (inBody && ITERATIONS.has(op)) {
      problem = `"${op}" inside the body of "${inBody}" is not allowed: the work would multiply with every element (iterate once, or over another iteration's result)`;
      return;
    }
    if (inBody && op === 'merge') {
      problem = `"merge" inside the body of "${inBody}" is not allowed: it can double an array on every element`;
      return;
    }
    if (ITERATIONS.has(op)) {
      visit(list[0], inBody);
      list.slice(1).forEach((n) => visit(n, op));
      return;
    }
    list.forEach((n) => visit(n, inBody));
  };
  visit(expr, null);
  return problem;
}

/**
 * What can be told without data: a division or remainder by a divisor that is constant zero, and
 * a constant part whose value is not a finite number (an overflow such as 1e308 × 10).
 */
function constantProblem(expr: unknown): string | null {
  let problem: string | null = null;
  const visit = (node: unknown): void => {
    if (problem || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(visit);
    if (!jsonLogic.is_logic(node)) return;
    const op = jsonLogic.get_operator(node);
    const args = (node as Record<string, unknown>)[op];
    const list = Array.isArray(args) ? args : [args];
    if ((op === '/' || op === '%') && list.length >= 2 && isConstant(list[1]) && Number(jsonLogic.apply(list[1] as jsonLogic.RulesLogic, {})) === 0) {
      problem = `divides by zero ("${op}" with a constant divisor of 0)`;
      return;
    }
    if (['+', '-', '*', '/', '%'].includes(op) && isConstant(node)) {
      const v = Number(jsonLogic.apply(node as jsonLogic.RulesLogic, {}));
      if (!Number.isFinite(v)) {
        problem = `a constant "${op}" gives ${v}, not a finite number`;
        return;
      }
    }
    list.forEach(visit);
  };
  visit(expr);
  return problem;
}

/** An expression that reads no data (no var, no missing): its value is known at load. */
function isConstant(node: unknown): boolean {
  if (node === null || typeof node !== 'object') return true;
  if (Array.isArray(node)) return node.every(isConstant);
  if (!jsonLogic.is_logic(node)) return false;
  const op = jsonLogic.get_operator(node);
  if (op === 'var' || op === 'missing' || op === 'missing_some') return false;
  const args = (node as Record<string, unknown>)[op];
  return (Array.isArray(args) ? args : [args]).every(isConstant);
}

/** A JSONLogic expression whose every operation is known to the evaluator (checked recursively). */
function isJsonLogic(expr: unknown): boolean {
  if (expr === null || typeof expr !== 'object') return typeof expr === 'boolean';
  if (Array.isArray(expr)) return false;
  if (!jsonLogic.is_logic(expr)) return false;
  return knownOperations(expr);
}

function knownOperations(node: unknown): boolean {
  if (Array.isArray(node)) return node.every(knownOperations);
  if (node === null || typeof node !== 'object' || !jsonLogic.is_logic(node)) return true;
  const op = jsonLogic.get_operator(node);
  try {
    jsonLogic.apply({ [op]: [] } as jsonLogic.RulesLogic, {});
  } catch (err) {
    if (String((err as Error).message).includes('Unrecognized operation')) return false;
  }
  const args = (node as Record<string, unknown>)[op];
  return knownOperations(Array.isArray(args) ? args : [args]);
}

/** The largest award a rule may make, either sign: board scores keep exact tie order up to 2^32 per user. */
export const MAX_AWARD_AMOUNT = 1_000_000_000;

/**
 * The range a rule's award must fall in. A fixed amount is its own range. A computed amount must
 * lie in [min, max]: by default [0, 1,000,000] — a negative computed amount is a penalty only
 * where the rule says so (`min` below 0). Outside the range, the rule does not award and says why.
 */
export function amountBounds(award: { amount: number | { expr: unknown }; min?: number; max?: number }): { min: number; max: number } {
  if (typeof award.amount === 'number') return { min: award.amount, max: award.amount };
  return { min: award.min ?? 0, max: award.max ?? 1_000_000 };
}

/** Every notification template must be valid ICU MessageFormat (its error names the template). */
function templateErrors(pack: Pack, errors: FieldError[]): void {
  for (const [kind, locales] of Object.entries(pack.notifications.templates ?? {})) {
    for (const [locale, text] of Object.entries(locales as Record<string, string>)) {
      try {
        new IntlMessageFormat(text, locale);
      } catch (err) {
        errors.push({ pointer: `/notifications/templates/${kind}/${locale}`, detail: `not a valid ICU message: ${(err as Error).message}` });
      }
    }
  }
}
