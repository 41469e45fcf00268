import Ajv from 'ajv';
import jsonLogic from 'json-logic-js';
import { parseDocument } from 'yaml';
import { ValidationFailedError, type FieldError } from '@questline/contracts';
import { PACK_SCHEMA } from './pack.schema';
import type { Pack } from './pack.types';

const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false });
const validateShape = ajv.compile(PACK_SCHEMA);

export class InvalidPackError extends ValidationFailedError {
  constructor(source: string, errors: FieldError[]) {
    super(`Pack ${source} is invalid: ${errors.map((e) => `${e.pointer} ${e.detail}`).join('; ')}`, errors, 'invalid_pack');
  }
}

/** Parses and validates a pack (YAML or JSON text). Throws InvalidPackError with JSON pointers. */
export function parsePack(text: string, source = 'pack'): Pack {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new InvalidPackError(
      source,
      doc.errors.map((e) => ({ pointer: '', detail: `line ${e.linePos?.[0]?.line ?? '?'}: ${e.message.split('\n')[0]}` })),
    );
  }
  const raw: unknown = doc.toJS();
  if (!validateShape(raw)) {
    throw new InvalidPackError(
      source,
      (validateShape.errors ?? []).map((e) => ({ pointer: e.instancePath || '/', detail: e.message ?? 'invalid' })),
    );
  }
  const pack = raw as unknown as Pack;
  const errors = semanticErrors(pack);
  if (errors.length > 0) throw new InvalidPackError(source, errors);
  return pack;
}

function semanticErrors(pack: Pack): FieldError[] {
  const errors: FieldError[] = [];
  const currencies = new Set(pack.currencies.map((c) => c.id));
  const needCurrency = (pointer: string, currency: string) => {
    if (!currencies.has(currency)) errors.push({ pointer, detail: `unknown currency "${currency}"` });
  };
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
  pack.rules.forEach((r, i) => {
    needCurrency(`/rules/${i}/award/currency`, r.award.currency);
    if (r.if !== undefined && !isJsonLogic(r.if)) errors.push({ pointer: `/rules/${i}/if`, detail: 'not a JSONLogic expression' });
  });
  pack.leaderboards.forEach((b, i) => needCurrency(`/leaderboards/${i}/currency`, b.currency));
  pack.achievements.forEach((a, i) => needCurrency(`/achievements/${i}/when/currency`, a.when.currency));
  if (pack.levels) {
    needCurrency('/levels/currency', pack.levels.currency);
    const t = pack.levels.thresholds;
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
