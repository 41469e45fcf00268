/**
 * `npm run bench:hotpath`: the per-message building blocks every event crosses, on one core, each
 * beside a raw baseline measured in the same run. Median of BENCH_REPEATS runs.
 *
 * - Object building on this Node: `{ ...a, k: v }` (a spread followed by properties, the pattern
 *   the profiles found in the per-message paths) against `Object.assign({}, a, { k: v })` and a
 *   plain literal with the same properties. On Node 20 (V8 11.3) every property after a spread goes
 *   through a runtime call: about a microsecond each.
 * - Writing one outbound message (renderOutbound: template, id, schema check, envelope, read-back)
 *   for TekTree's `gamification.xp.earned`, against JSON.stringify of the same envelope.
 * - Reading one message as a consumer does (parseJsonWithin: size and depth limits, then JSON.parse)
 *   against JSON.parse alone.
 * - Packing 500 internal messages into one Kafka record (packMessages), against one
 *   Buffer.from(JSON.stringify(...)) of the same messages.
 * - The ids every message gets: an accepted event's (canonicalEventId, a UUID v5) against the
 *   `uuid` package's v5 of the same name, and an outbound message's (outboundId, SHA-256 in UUID
 *   form) against a Hash object's hex digest of the same text.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseJsonWithin, Topics } from '@questline/contracts';
import { packMessages } from '@questline/messaging/adapters';
import { compileOutbound, matchingEvents, outboundId, renderOutbound, toOutcome, type CompiledOutbound } from '@questline/notifications/testing';
import { parsePack } from '@questline/rules';
import { canonicalEventId, EVENT_ID_NAMESPACE, loadRegistry } from '@questline/schema-registry';
import { v5 as uuidv5 } from 'uuid';
import { median } from './lib/stats';

const round = (x: number, digits: number) => Number(x.toFixed(digits));

const REPEATS = Number(process.env['BENCH_REPEATS'] ?? 5);
const ROOT = join(__dirname, '..');

/** ns per call of fn over n calls, median of REPEATS (after one warm-up run). */
function time(n: number, fn: (i: number) => unknown): number {
  const runs: number[] = [];
  let sink = 0;
  for (let r = 0; r <= REPEATS; r++) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) if (fn(i) !== undefined) sink++;
    if (r > 0) runs.push(((performance.now() - t0) * 1e6) / n);
  }
  if (sink < 0) console.log(sink);
  return median(runs);
}

function main(): void {
  const fields = { amount: 20, currency: 'xp', total: 120, balance: 120, net: 120, eventType: 'answer.accepted', ruleId: 'answer-accepted', ruleVersion: 1, ledgerKey: 'k' };
  const spread = time(200_000, (i) => ({ ...fields, kind: 'points.earned', tenantId: 't1', userId: `u${i & 511}`, at: 'x' }));
  const assign = time(200_000, (i) => Object.assign({}, fields, { kind: 'points.earned', tenantId: 't1', userId: `u${i & 511}`, at: 'x' }));
  const literal = time(200_000, (i) => ({ kind: 'points.earned', tenantId: 't1', userId: `u${i & 511}`, at: 'x', amount: 20, currency: 'xp', total: 120, balance: 120, net: 120, eventType: 'answer.accepted', ruleId: 'answer-accepted', ruleVersion: 1, ledgerKey: 'k' }));

  const registry = loadRegistry(join(ROOT, 'event-schemas'));
  const pack = parsePack(readFileSync(join(ROOT, 'packs', 'tektree', 'pack.yaml'), 'utf8'));
  const out = compileOutbound(pack, registry) as CompiledOutbound;
  const outcomes = Array.from({ length: 5_000 }, (_, i) =>
    toOutcome(Topics.PointsAwarded, {
      kind: 'earn',
      tenantId: 't1',
      userId: `u${i % 500}`,
      eventId: `6f1c1a52-55a0-4c1e-9a1b-${String(i).padStart(12, '0')}`,
      eventType: 'answer.accepted',
      currency: 'xp',
      amount: 20,
      ruleId: 'answer-accepted',
      ruleVersion: 1,
      ledgerKey: `k-${i}`,
      lifetime: 120 + i,
      spendable: 120,
      net: 120,
      occurredAt: '2026-01-14T12:30:00.000Z',
      scopes: {},
    })!,
  );
  const defs = outcomes.map((o) => matchingEvents(out, o)[0]!);
  const rendered = outcomes.map((o, i) => renderOutbound(out, defs[i]!, o, pack, undefined, registry).value);
  const render = time(outcomes.length, (i) => renderOutbound(out, defs[i % outcomes.length]!, outcomes[i % outcomes.length]!, pack, undefined, registry));
  const stringify = time(outcomes.length, (i) => JSON.stringify(rendered[i % rendered.length]));

  const messages = rendered.slice(0, 500).map((v, i) => ({ key: `t1|u${i}`, value: JSON.stringify(v), headers: { 'questline-event-id': String(v['id']), 'questline-tenant': 't1', 'questline-message-version': '1' } }));
  const pack500 = time(200, () => packMessages(messages)) / messages.length;
  const rawJson = time(200, () => Buffer.from(JSON.stringify(messages))) / messages.length;

  // Reading one internal message as every consumer does (size and depth limits, then JSON.parse), against JSON.parse alone.
  const internal = messages.map((m) => m.value);
  const readLimited = time(internal.length * 20, (i) => parseJsonWithin(internal[i % internal.length]!, { maxBytes: 4 * 1024 * 1024, maxDepth: 96 }));
  const readRaw = time(internal.length * 20, (i) => JSON.parse(internal[i % internal.length]!));

  // The ids: 5,000 keys of the length the bench's events have.
  const keys = Array.from({ length: 5_000 }, (_, i) => `accept-${String(i).padStart(6, '0')}`);
  const eventId = time(200_000, (i) => canonicalEventId('tektree-demo', keys[i % keys.length]!));
  const eventIdRaw = time(200_000, (i) => uuidv5(`tektree-demo\n${keys[i % keys.length]!}`, EVENT_ID_NAMESPACE));
  const dedupKeys = keys.map((k) => `points:tektree-demo|u1|answer-accepted|${k}`);
  const outId = time(200_000, (i) => outboundId('tektree-demo', 'gamification.xp.earned', dedupKeys[i % dedupKeys.length]!));
  const outIdRaw = time(200_000, (i) => createHash('sha256').update(`tektree-demo\u0000gamification.xp.earned\u0000${dedupKeys[i % dedupKeys.length]!}`).digest('hex'));

  console.log(`Questline bench:hotpath  ${new Date().toISOString()}  Node ${process.version}, one core, median of ${REPEATS}`);
  console.log('');
  console.log('| figure | ns | raw baseline, same run | ratio |');
  console.log('|---|---|---|---|');
  console.log(`| { ...a (9 fields), 4 more } | ${round(spread, 0)} | literal with the same 13 fields ${round(literal, 0)} | ${round(spread / literal, 1)}× |`);
  console.log(`| Object.assign({}, a, { 4 more }) | ${round(assign, 0)} | literal ${round(literal, 0)} | ${round(assign / literal, 1)}× |`);
  console.log(`| renderOutbound, one xp.earned (TekTree) | ${round(render, 0)} | JSON.stringify of its envelope ${round(stringify, 0)} | ${round(render / stringify, 1)}× |`);
  console.log(`| parseJsonWithin, one outbound message as consumed (limits + parse) | ${round(readLimited, 0)} | JSON.parse of it ${round(readRaw, 0)} | ${round(readLimited / readRaw, 2)}× |`);
  console.log(`| canonicalEventId, one accepted event's id (UUID v5) | ${round(eventId, 0)} | the uuid package's v5 of the same name ${round(eventIdRaw, 0)} | ${round(eventId / eventIdRaw, 2)}× |`);
  console.log(`| outboundId, one outbound message's id (SHA-256 as a UUID) | ${round(outId, 0)} | createHash('sha256') hex digest of the same text ${round(outIdRaw, 0)} | ${round(outId / outIdRaw, 2)}× |`);
  console.log(`| packMessages, per message of 500 | ${round(pack500, 0)} | Buffer.from(JSON.stringify(all 500)) per message ${round(rawJson, 0)} | ${round(pack500 / rawJson, 2)}× |`);
}

main();
