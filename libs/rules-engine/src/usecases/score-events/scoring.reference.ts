import { DateTime } from 'luxon';

/**
 * A plain reference model of what the property pack (scoring.property-pack.ts) is worth, written
 * without the rules engine: events are taken one by one in arrival order, limits are counted in
 * plain maps, progress is kept as plain sets and counts. The property test compares the real
 * pipeline (use case + Postgres decision store) against it.
 *
 * Semantics it pins down:
 *  - count caps (per day / week / month, several at once) count the awards already made in the
 *    event's calendar period in the tenant's zone, whenever they arrived;
 *  - a rolling cap (12 gems in any 6 hours of event time) pays each award what every window holding
 *    it has left, the windows ending at it and at later awards (so a late award never overfills one);
 *  - once-per keys: a gift pays its recipient once per giver, ever; a ping pays once per user and day;
 *  - amount caps (a rule's own per day, a cap shared by two rules per week) pay each award
 *    min(amount, what is left of every cap over it), so a period's total is min(sum, cap);
 *  - a cooldown refuses an award within `cooldown` of another award of the rule, either side, in
 *    event time (first come, in arrival order);
 *  - a streak milestone is paid once per run; a late event that extends or joins runs does not pay
 *    a milestone again that one of the joined runs was already paid;
 *  - missions (per day), quests (per week), counters: a reward once per instance when reached;
 *  - a condition on the user's state: a ping pays 3 xp once the user has 2 distinct active days,
 *    as the events decided before it left them (arrival order: not order-free);
 *  - a weekly quest whose one step reads the bonus-week metric (2): 6 gems once per week
 *  - metrics: distinct local days of act.done (all-time, 15 xp at 3; a board ranks it, so each new
 *    day credits 1 to its tally `metric.days-active`), act.bonus counted per week
 *    (5 gems at 2), each milestone once per period;
 *  - conversions credit floor(amount × rate) of the target currency with the same rule.
 */
export interface RefEvent {
  id: string;
  user: string;
  type: 'act.done' | 'act.bonus' | 'act.ping' | 'act.gift';
  /** The gift's recipient (act.gift). */
  to?: string;
  atMs: number;
}

export interface RefAward {
  userId: string;
  ruleId: string;
  currency: string;
  amount: number;
  /** The triggering event's time (for period totals of capped rules). */
  atMs: number;
}

export const REF_ZONE = 'America/New_York';
/** Sunday (ISO 7), as the property pack's weekStart. */
export const REF_WEEK_START = 7;

export type Unit = 'day' | 'week' | 'month';

/** The calendar period (its start, as an ISO date) an instant falls in, in the reference zone. */
export function refPeriod(atMs: number, unit: Unit): string {
  const local = DateTime.fromMillis(atMs, { zone: REF_ZONE }).startOf('day');
  if (unit === 'day') return local.toISODate()!;
  if (unit === 'month') return local.startOf('month').toISODate()!;
  return local.minus({ days: (local.weekday - REF_WEEK_START + 7) % 7 }).toISODate()!;
}

const dayIndex = (atMs: number) => DateTime.fromISO(refPeriod(atMs, 'day'), { zone: 'UTC' }).toMillis() / 86_400_000;

interface CapRule {
  id: string;
  on: RefEvent['type'];
  currency: string;
  amount: number;
  to?: 'gift';
  caps?: Partial<Record<Unit, number>>;
  cooldownMs?: number;
}

export const REF_RULES: CapRule[] = [
  { id: 'daily', on: 'act.done', currency: 'xp', amount: 10, caps: { day: 3 } },
  { id: 'weekly', on: 'act.done', currency: 'coins', amount: 5, caps: { week: 4 } },
  { id: 'monthly', on: 'act.bonus', currency: 'xp', amount: 7, caps: { month: 2 } },
  { id: 'dayweek', on: 'act.bonus', currency: 'gems', amount: 3, caps: { day: 2, week: 3 } },
  { id: 'gift', on: 'act.gift', currency: 'xp', amount: 2, to: 'gift', caps: { day: 2 } },
  { id: 'cool', on: 'act.ping', currency: 'xp', amount: 1, cooldownMs: 2 * 3600_000 },
  { id: 'plain', on: 'act.ping', currency: 'gems', amount: 1 },
];
/** Amount-capped rules: `capped` (7 xp, 20 per day of its own) and `shared`, both under 40 xp per week together. */
const AMOUNT_RULES = [
  { id: 'capped', on: 'act.done', amount: 7, perDay: 20 },
  { id: 'shared', on: 'act.bonus', amount: 9 },
] as const;
const SHARED_WEEK_CAP = 40;
const BURST = { id: 'burst', on: 'act.ping', currency: 'gems', amount: 5, hours: 6, max: 12 } as const;

/** Once-per rules: `first-gift` once per (recipient, giver) ever; `hello` once per (user, local day). */
const ONCE_RULES = [
  { id: 'first-gift', on: 'act.gift', currency: 'gems', amount: 11, gift: true },
  { id: 'hello', on: 'act.ping', currency: 'coins', amount: 4, gift: false },
] as const;
const CONVERSION = { from: 'coins', to: 'tokens', rate: 0.5 };
const STREAK_MILESTONES = [
  { length: 2, amount: 30 },
  { length: 4, amount: 40 },
];
const MISSIONS = [
  { id: 'doer', on: 'act.done', target: 2, currency: 'gems', amount: 20 },
  { id: 'pinger', on: 'act.ping', target: 3, currency: 'coins', amount: 6 },
];
const QUEST = { id: 'weekly-quest', steps: { 'act.done': 3, 'act.bonus': 1 } as Record<string, number>, currency: 'xp', amount: 45 };
const COUNTER = { id: 'acts', on: 'act.done', milestones: [{ at: 5, currency: 'xp', amount: 50 }, { at: 12, currency: 'coins', amount: 8 }] };

/** The awards of an arrival-ordered stream (each event id counted once, however often it appears). */
export function referenceAwards(stream: RefEvent[]): RefAward[] {
  const out: RefAward[] = [];
  const credit = (userId: string, ruleId: string, currency: string, amount: number, atMs: number) => {
    out.push({ userId, ruleId, currency, amount, atMs });
    if (currency === CONVERSION.from) {
      const converted = Math.floor(amount * CONVERSION.rate);
      if (converted > 0) out.push({ userId, ruleId, currency: CONVERSION.to, amount: converted, atMs });
    }
  };
  const awarded = new Map<string, number[]>(); // `${rule}|${user}` → event times of its awards
  const paidAmounts: { user: string; ruleId: string; atMs: number; amount: number }[] = [];
  const onceKeys = new Set<string>();
  const burstPaid = new Map<string, { atMs: number; amount: number }[]>();
  const daysActive = new Map<string, Set<string>>();
  const bonusWeeks = new Map<string, number>();
  const activeDays = new Map<string, Set<number>>();
  const paid = new Map<string, { start: number; length: number }[]>();
  const missionCounts = new Map<string, number>();
  const questSteps = new Map<string, Record<string, number>>();
  const counters = new Map<string, number>();
  const seen = new Set<string>();

  for (const e of stream) {
    if (seen.has(e.id)) continue;
    seen.add(e.id);
    // The user's state as their earlier events left it: level 2 from 60 xp earned; the badge
    // `regular` once the days-active metric reached 3.
    const levelAt = out.filter((a) => a.userId === e.user && a.currency === 'xp' && a.amount > 0).reduce((t, a) => t + a.amount, 0) >= 60 ? 2 : 1;
    const regularAt = (daysActive.get(e.user)?.size ?? 0) >= 3;
    for (const r of REF_RULES) {
      if (r.on !== e.type) continue;
      const recipient = r.to === 'gift' ? e.to : e.user;
      if (!recipient || (r.to === 'gift' && recipient === e.user)) continue;
      const times = awarded.get(`${r.id}|${recipient}`) ?? [];
      const full = Object.entries(r.caps ?? {}).some(([unit, cap]) => times.filter((t) => refPeriod(t, unit as Unit) === refPeriod(e.atMs, unit as Unit)).length >= cap);
      const cooling = r.cooldownMs !== undefined && times.some((t) => Math.abs(t - e.atMs) < r.cooldownMs!);
      if (full || cooling) continue;
      awarded.set(`${r.id}|${recipient}`, [...times, e.atMs]);
      credit(recipient, r.id, r.currency, r.amount, e.atMs);
    }

    if (e.type === 'act.ping' && (daysActive.get(e.user)?.size ?? 0) >= 2) credit(e.user, 'loyal', 'xp', 3, e.atMs);
    if (e.type === 'act.bonus' && levelAt >= 2) credit(e.user, 'veteran', 'gems', 2, e.atMs);
    if (e.type === 'act.bonus' && regularAt) credit(e.user, 'regular-bonus', 'gems', 1, e.atMs);

    if (e.type === BURST.on) {
      const paid = burstPaid.get(e.user) ?? [];
      burstPaid.set(e.user, paid);
      const span = BURST.hours * 3_600_000;
      const ends = [e.atMs, ...paid.filter((p) => p.atMs > e.atMs && p.atMs < e.atMs + span).map((p) => p.atMs)];
      const room = Math.min(...ends.map((end) => BURST.max - paid.filter((p) => p.atMs > end - span && p.atMs <= end).reduce((t, p) => t + p.amount, 0)));
      const pay = Math.min(BURST.amount, room);
      if (pay > 0) {
        paid.push({ atMs: e.atMs, amount: pay });
        credit(e.user, BURST.id, BURST.currency, pay, e.atMs);
      }
    }

    for (const r of ONCE_RULES) {
      if (r.on !== e.type) continue;
      const recipient = r.gift ? e.to : e.user;
      if (!recipient || (r.gift && recipient === e.user)) continue;
      const key = r.gift ? `${r.id}|${recipient}|${e.user}` : `${r.id}|${recipient}|${refPeriod(e.atMs, 'day')}`;
      if (onceKeys.has(key)) continue;
      onceKeys.add(key);
      credit(recipient, r.id, r.currency, r.amount, e.atMs);
    }

    for (const r of AMOUNT_RULES) {
      if (r.on !== e.type) continue;
      const mine = paidAmounts.filter((p) => p.user === e.user);
      const sum = (rules: string[], unit: Unit) => mine.filter((p) => rules.includes(p.ruleId) && refPeriod(p.atMs, unit) === refPeriod(e.atMs, unit)).reduce((t, p) => t + p.amount, 0);
      let pay: number = r.amount;
      if ('perDay' in r) pay = Math.min(pay, r.perDay - sum([r.id], 'day'));
      pay = Math.min(pay, SHARED_WEEK_CAP - sum(['capped', 'shared'], 'week'));
      if (pay <= 0) continue;
      paidAmounts.push({ user: e.user, ruleId: r.id, atMs: e.atMs, amount: pay });
      credit(e.user, r.id, 'xp', pay, e.atMs);
    }

    if (e.type === 'act.done') {
      const days = daysActive.get(e.user) ?? new Set<string>();
      daysActive.set(e.user, days);
      const day = refPeriod(e.atMs, 'day');
      if (!days.has(day)) {
        days.add(day);
        out.push({ userId: e.user, ruleId: 'metric:days-active', currency: 'metric.days-active', amount: 1, atMs: e.atMs }); // a board ranks it: its tally
        if (days.size === 3) credit(e.user, 'metric:days-active', 'xp', 15, e.atMs);
      }
    }
    if (e.type === 'act.bonus') {
      const key = `${e.user}|${refPeriod(e.atMs, 'week')}`;
      const count = (bonusWeeks.get(key) ?? 0) + 1;
      bonusWeeks.set(key, count);
      if (count === 2) credit(e.user, 'metric:bonus-week', 'gems', 5, e.atMs);
      if (count === 2) credit(e.user, 'quest:pair-week', 'gems', 6, e.atMs); // its step reads the metric: once per week
    }

    if (e.type === 'act.done') {
      // Streak (daily, no grace): the run holding the new day; each milestone once per run.
      const days = activeDays.get(e.user) ?? new Set<number>();
      activeDays.set(e.user, days);
      const d = dayIndex(e.atMs);
      if (!days.has(d)) {
        days.add(d);
        let start = d;
        let end = d;
        while (days.has(start - 1)) start--;
        while (days.has(end + 1)) end++;
        const length = end - start + 1;
        const payments = paid.get(e.user) ?? [];
        paid.set(e.user, payments);
        for (const m of STREAK_MILESTONES) {
          if (length < m.length || payments.some((p) => p.length === m.length && p.start >= start && p.start <= end)) continue;
          payments.push({ start, length: m.length });
          credit(e.user, 'streak:daily', 'xp', m.amount, e.atMs);
        }
      }
      const count = (counters.get(e.user) ?? 0) + 1;
      counters.set(e.user, count);
      for (const m of COUNTER.milestones) if (count === m.at) credit(e.user, `counter:${COUNTER.id}`, m.currency, m.amount, e.atMs);
    }

    for (const m of MISSIONS) {
      if (m.on !== e.type) continue;
      const key = `${m.id}|${e.user}|${refPeriod(e.atMs, 'day')}`;
      const n = (missionCounts.get(key) ?? 0) + 1;
      missionCounts.set(key, n);
      if (n === m.target) credit(e.user, `mission:${m.id}`, m.currency, m.amount, e.atMs);
    }

    if (QUEST.steps[e.type] !== undefined) {
      const key = `${e.user}|${refPeriod(e.atMs, 'week')}`;
      const steps = questSteps.get(key) ?? {};
      questSteps.set(key, steps);
      const done = () => Object.entries(QUEST.steps).every(([t, target]) => (steps[t] ?? 0) >= target);
      if (!done()) {
        steps[e.type] = Math.min(QUEST.steps[e.type]!, (steps[e.type] ?? 0) + 1);
        if (done()) credit(e.user, `quest:${QUEST.id}`, QUEST.currency, QUEST.amount, e.atMs);
      }
    }
  }
  return out;
}

/** The period a rule's totals are compared in: the widest window its limits count in ('all' for the rest). */
export function totalsPeriod(ruleId: string, atMs: number): string {
  const unit: Record<string, Unit> = { daily: 'day', gift: 'day', cool: 'day', capped: 'day', hello: 'day', weekly: 'week', 'metric:bonus-week': 'week', dayweek: 'week', shared: 'week', monthly: 'month' };
  const u = unit[ruleId];
  return u ? `${u}:${refPeriod(atMs, u)}` : 'all';
}

/**
 * Rules and progress whose totals do not depend on arrival order (cooldowns and streak joins do;
 * under amount caps, which rule and day got the remainder does: their cap totals do not, see capTotals;
 * a condition on the user's state depends on what arrived before).
 */
export const ORDER_FREE = (ruleId: string) => !['cool', 'streak:daily', 'capped', 'shared', 'loyal', 'burst', 'veteran', 'regular-bonus'].includes(ruleId);

/** Windows of the rolling cap that hold more than its max (none, in any arrival order). */
export function rollingOverflows(awards: RefAward[]): string[] {
  const out: string[] = [];
  const span = BURST.hours * 3_600_000;
  const byUser = new Map<string, RefAward[]>();
  for (const a of awards) if (a.ruleId === BURST.id) byUser.set(a.userId, [...(byUser.get(a.userId) ?? []), a]);
  for (const [user, list] of byUser) {
    for (const end of list) {
      const sum = list.filter((a) => a.atMs > end.atMs - span && a.atMs <= end.atMs).reduce((t, a) => t + a.amount, 0);
      if (sum > BURST.max) out.push(`${user}: ${sum} in the ${BURST.hours} h up to ${new Date(end.atMs).toISOString()}`);
    }
  }
  return out;
}

/** The amount-capped rules' xp per (user, week): min(sum, cap) in any arrival order. */
export function capTotals(awards: RefAward[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const a of awards) {
    if (a.ruleId !== 'capped' && a.ruleId !== 'shared') continue;
    const k = `${a.userId}|week:${refPeriod(a.atMs, 'week')}`;
    out.set(k, (out.get(k) ?? 0) + a.amount);
  }
  return out;
}

/** Sums per (user, rule, currency, period). */
export function totals(awards: RefAward[], keep: (ruleId: string) => boolean = () => true): Map<string, number> {
  const out = new Map<string, number>();
  for (const a of awards) {
    if (!keep(a.ruleId)) continue;
    const k = `${a.userId}|${a.ruleId}|${a.currency}|${totalsPeriod(a.ruleId, a.atMs)}`;
    out.set(k, (out.get(k) ?? 0) + a.amount);
  }
  return out;
}
