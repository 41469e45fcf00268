import { ConflictError } from '@questline/contracts';
import type { AppConfig } from '@questline/platform';
import type { RescoreSource } from '../domain/rescore.source';

const CHUNK = 5_000;

/**
 * The tenant's lease on writing corrections (re-scoring and reversals): one applying run at a time,
 * on every instance, held until the ledger holds every correction the run published. Two runs
 * deciding from the same ledger would both correct what only one should.
 */
export class CorrectionLease {
  constructor(
    private readonly source: RescoreSource,
    private readonly config: Pick<AppConfig, 'RESCORE_LEASE_MS' | 'RESCORE_SETTLE_MS'>,
  ) {}

  /**
   * Runs `work` holding the lease (409 `rescore_in_progress` when another run holds it). The lease
   * is given back when the work answers `settled: true` or fails before publishing; otherwise it
   * is left to expire, so no run decides from a ledger still missing this one's corrections.
   */
  async hold<T extends { settled?: boolean }>(tenantId: string, runId: string, work: (published: { any: boolean }) => Promise<T>): Promise<T> {
    const lease = await this.source.acquireLease(tenantId, runId, this.config.RESCORE_LEASE_MS);
    if (!lease.held) {
      throw new ConflictError(
        'rescore_in_progress',
        `Run ${lease.runId} of this tenant (a re-scoring or a reversal, started ${lease.since}) is applying or its corrections are still reaching the ledger; try again when it has answered, or after ${lease.until} at the latest.`,
      );
    }
    const published = { any: false };
    let release = true;
    try {
      const result = await work(published);
      release = result.settled === true;
      return result;
    } catch (err) {
      release = !published.any;
      throw err;
    } finally {
      if (release) await this.source.releaseLease(tenantId, runId);
    }
  }

  renew(tenantId: string, runId: string): Promise<void> {
    return this.source.renewLease(tenantId, runId, this.config.RESCORE_LEASE_MS);
  }

  /**
   * Waits (up to RESCORE_SETTLE_MS, renewing the lease) until the ledger holds every key the run
   * published. False when time ran out.
   */
  async settle(tenantId: string, runId: string, published: string[]): Promise<boolean> {
    const waiting = new Set(published);
    const deadline = Date.now() + this.config.RESCORE_SETTLE_MS;
    for (let pause = 50; ; pause = Math.min(pause * 2, 1_000)) {
      const keys = [...waiting];
      for (let i = 0; i < keys.length; i += CHUNK) for (const k of await this.source.landed(tenantId, keys.slice(i, i + CHUNK))) waiting.delete(k);
      if (waiting.size === 0) return true;
      await this.renew(tenantId, runId);
      if (Date.now() + pause > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}
