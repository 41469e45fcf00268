import { Inject, Injectable } from '@nestjs/common';
import { ValidationFailedError } from '@questline/contracts';
import { MESSAGE_BUS, type MessageBus } from '@questline/messaging';
import { AUDIT_LOG, type AuditLog } from '@questline/persistence';
import { LOGGER, type Logger, type Principal } from '@questline/platform';
import { applyPatch, type Operation } from 'fast-json-patch';
import type { DeadLetter, DeadLetterFilter } from '../../domain/dead-letter.repository';
import { DeadLetters } from '../dead-letters/dead-letters';

export interface ReplayDeadLettersCommand {
  tenantId: string | null;
  who: Principal;
  ids?: string[];
  filter?: Omit<DeadLetterFilter, 'tenantId' | 'status'>;
  dryRun?: boolean;
  /** JSON Patch (RFC 6902) applied to the message before replaying it; one id only. */
  patch?: Operation[];
}

/**
 * Puts dead letters back in front of the group that failed them (its first retry topic), with the
 * same key and idempotency key, so a replay never double-credits; optionally patched first (RFC
 * 6902, one id) or as a dry run. Audited.
 */
@Injectable()
export class ReplayDeadLettersUseCase {
  constructor(
    private readonly deadLetters: DeadLetters,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(AUDIT_LOG) private readonly audit: AuditLog,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async execute({ tenantId, who, ...req }: ReplayDeadLettersCommand): Promise<{ dryRun: boolean; matched: number; replayed: number; items: Pick<DeadLetter, 'id' | 'originTopic' | 'groupId' | 'tenantId' | 'errorClass'>[] }> {
    const selected = await this.deadLetters.select(tenantId, req.ids, req.filter);
    if (req.patch && selected.length !== 1) {
      throw new ValidationFailedError('A patch can only be applied when replaying exactly one dead letter.', [{ pointer: '/patch', detail: 'requires exactly one id' }], 'patch_needs_one_id');
    }
    const tooLarge = selected.filter((d) => d.value === null && d.original);
    if (tooLarge.length > 0) {
      throw new ValidationFailedError(
        `Dead letter(s) ${tooLarge.map((d) => d.id).join(', ')} kept only a reference to the original (it was over the size limit), so there is nothing to replay; discard them.`,
        [{ pointer: '/ids', detail: 'original not kept' }],
        'original_not_kept',
      );
    }
    const replayable = selected.filter((d) => d.status !== 'discarded');
    const items = replayable.map(({ id, originTopic, groupId, tenantId: t, errorClass }) => ({ id, originTopic, groupId, tenantId: t, errorClass }));
    if (req.dryRun) return { dryRun: true, matched: selected.length, replayed: 0, items };

    const redeliveries = replayable.map((d) => ({ originTopic: d.originTopic, groupId: d.groupId, key: d.key, headers: d.headers, value: req.patch ? patched(d, req.patch) : d.value }));
    await this.bus.redeliver(redeliveries);
    await this.deadLetters.letters.markReplayed(replayable.map((d) => d.id), who.keyId);
    await this.audit.record(
      replayable.map((d) => ({ tenantId: d.tenantId, actor: who.keyId, action: 'dlq.replay', target: d.id, detail: { originTopic: d.originTopic, groupId: d.groupId, ...(req.patch ? { patch: req.patch } : {}) } })),
    );
    await this.deadLetters.refreshGauge();
    this.logger.info({ actor: who.keyId, count: replayable.length }, 'dead letters replayed');
    return { dryRun: false, matched: selected.length, replayed: replayable.length, items };
  }
}

function patched(d: DeadLetter, patch: Operation[]): string {
  let doc: unknown;
  try {
    doc = JSON.parse(d.value ?? 'null');
  } catch {
    throw new ValidationFailedError('This dead letter is not JSON, so it cannot be patched.', [{ pointer: '/patch', detail: 'original value is not JSON' }], 'patch_not_applicable');
  }
  if (patch.length > MAX_PATCH_OPERATIONS) {
    throw new ValidationFailedError(`A patch has at most ${MAX_PATCH_OPERATIONS} operations.`, [{ pointer: '/patch', detail: `${patch.length} operations` }], 'patch_too_large');
  }
  // One operation at a time, the document measured after each: a `copy` from the root doubles it,
  // so 25 of them in a 1 KB request would build gigabytes before a check at the end.
  let text = '';
  for (const [i, op] of patch.entries()) {
    try {
      doc = applyPatch(doc, [op], true, true).newDocument;
    } catch (err) {
      throw new ValidationFailedError(`The patch does not apply: ${(err as Error).message.split('\n')[0]}`, [{ pointer: `/patch/${i}`, detail: (err as Error).name }], 'invalid_patch');
    }
    text = JSON.stringify(doc) ?? 'null';
    if (Buffer.byteLength(text) > MAX_PATCHED_BYTES) {
      throw new ValidationFailedError(`The patched message would be over ${MAX_PATCHED_BYTES} bytes (the most a dead letter keeps).`, [{ pointer: `/patch/${i}`, detail: `at most ${MAX_PATCHED_BYTES} bytes after patching` }], 'patch_too_large');
    }
  }
  // Consumers read the tenant from the message (an internal message's `tenantId`, a scored
  // message's `event.tenantId`): a patch may not move a letter to another tenant, or a tenant admin
  // could credit any tenant's users. Every tenant id the patched message names must be the letter's
  // own (or, for a letter filed under no tenant, one the original named).
  const allowed = d.tenantId !== null ? new Set([d.tenantId]) : tenantIdsIn(JSON.parse(d.value ?? 'null'));
  const foreign = [...tenantIdsIn(doc)].filter((t) => !allowed.has(t));
  if (foreign.length > 0) {
    throw new ValidationFailedError(
      `A patch cannot move a dead letter to another tenant: the patched message names tenant ${foreign.map((t) => JSON.stringify(t)).join(', ')}${d.tenantId !== null ? `, and this letter is tenant "${d.tenantId}"'s` : ''}.`,
      [{ pointer: '/patch', detail: 'every tenantId in the patched message must be the letter\'s own tenant' }],
      'patch_changes_tenant',
    );
  }
  return text;
}

/** Every string value of a `tenantId` key, anywhere in a JSON document. */
function tenantIdsIn(doc: unknown): Set<string> {
  const out = new Set<string>();
  const stack = [doc];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object') continue;
    for (const [k, x] of Object.entries(v)) {
      if (k === 'tenantId' && typeof x === 'string') out.add(x);
      else if (x !== null && typeof x === 'object') stack.push(x);
    }
  }
  return out;
}

/** The largest message a patch may make: what a dead letter keeps of an original (larger ones keep a reference). */
export const MAX_PATCHED_BYTES = 256 * 1024;
/** The most operations a patch may hold (each is applied and measured on its own). */
export const MAX_PATCH_OPERATIONS = 1_000;
