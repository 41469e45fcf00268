import jsonLogic from 'json-logic-js';
import type { Award, CanonicalEnvelope } from '@questline/contracts';
import type { Pack, RuleDef } from '../pack/pack.types';

export interface Decision {
  awards: Award[];
  /** Rules that matched but could not award, with the reason (shown in the event's outcomes). */
  skipped: { ruleId: string; reason: string }[];
}

/** `knowledge.*` matches `knowledge.answer.accepted`; `*` matches everything. */
export function typeMatches(pattern: string, type: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('.*')) return type.startsWith(pattern.slice(0, -1));
  return pattern === type;
}

function readPath(event: CanonicalEnvelope, path: string): unknown {
  let cur: unknown = event;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

function recipient(rule: RuleDef, event: CanonicalEnvelope): string | undefined {
  const to = rule.award.to ?? 'subject';
  if (to === 'subject') return event.userId;
  const v = readPath(event, to);
  return typeof v === 'string' && v.length > 0 ? v : typeof v === 'number' ? String(v) : undefined;
}

/**
 * The pure rules engine: what is this event worth under this pack? No I/O, deterministic:
 * the same pack and event always give the same awards with the same idempotency keys.
 */
export function decide(pack: Pack, event: CanonicalEnvelope): Decision {
  const decision: Decision = { awards: [], skipped: [] };
  for (const rule of pack.rules) {
    if (!typeMatches(rule.on, event.type)) continue;
    if (rule.if !== undefined && !jsonLogic.truthy(jsonLogic.apply(rule.if as jsonLogic.RulesLogic, { event, payload: event.payload }))) {
      continue;
    }
    const userId = recipient(rule, event);
    if (!userId) {
      decision.skipped.push({ ruleId: rule.id, reason: `recipient ${rule.award.to} missing in event` });
      continue;
    }
    decision.awards.push({
      userId,
      currency: rule.award.currency,
      amount: rule.award.amount,
      ruleId: rule.id,
      ruleVersion: rule.version ?? 1,
      idempotencyKey: `${event.id}:${rule.id}:${userId}:${rule.award.currency}`,
    });
  }
  return decision;
}
