import type { CanonicalEnvelope } from '@questline/contracts';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { uniqueId } from './infra';

const REPO_ROOT = resolve(__dirname, '../../..');

/** A packs folder holding copies of a repo pack under fresh tenant names (one tenant per test). */
export class TestTenants {
  readonly packsDir = mkdtempSync(join(tmpdir(), 'questline-packs-'));
  private readonly claimed = new Set<string>();

  /** Registers a new tenant using `packs/<base>/pack.yaml` (optionally edited) and returns its id. */
  newTenant(base = 'tektree', edit: (text: string) => string = (t) => t): string {
    const tenant = uniqueId(base.slice(0, 8));
    const text = edit(readFileSync(join(REPO_ROOT, 'packs', base, 'pack.yaml'), 'utf8'))
      .replace(/^tenant: .*$/m, `tenant: ${tenant}`)
      // Two copies of a pack in one folder would claim the same inbound topics: only the first keeps them.
      .replace(/^(\s*kafkaTopics:).*$/m, (line, key: string) => (this.claimed.has(base) ? `${key} []` : line))
      // Outbound topics belong to one tenant: each copy writes to `<tenant>.<the pack's topic>`.
      .replace(/^(  topic: )(.+)$/m, (_line, key: string, topic: string) => `${key}${tenant}.${topic}`);
    this.claimed.add(base);
    mkdirSync(join(this.packsDir, tenant));
    writeFileSync(join(this.packsDir, tenant, 'pack.yaml'), text);
    return tenant;
  }
}

/** The canonical HTTP body of TekTree's `knowledge.answer.accepted` (seed 001). */
export function answerAccepted(
  over: {
    acceptedBy?: string;
    author?: string;
    key?: string;
    occurredAt?: string;
  } = {},
) {
  return {
    type: 'knowledge.answer.accepted',
    userId: over.acceptedBy ?? 'bob',
    idempotencyKey: over.key ?? uniqueId('evt'),
    occurredAt: over.occurredAt ?? new Date().toISOString(),
    payload: {
      question_id: uniqueId('q'),
      answer_id: uniqueId('a'),
      answer_author_id: over.author ?? 'alice',
    },
  };
}

/** A canonical envelope for pure-core tests (fixed times and ids unless overridden). */
export function canonicalEnvelope(over: Partial<CanonicalEnvelope> = {}): CanonicalEnvelope {
  return {
    id: 'e1',
    type: 'knowledge.answer.accepted',
    schemaVersion: 1,
    tenantId: 'demo',
    userId: 'bob',
    occurredAt: '2026-11-23T10:00:00.000Z',
    receivedAt: '2026-11-23T10:00:01.000Z',
    source: 'test',
    idempotencyKey: 'k1',
    payload: {},
    meta: {},
    ...over,
  } as CanonicalEnvelope;
}
