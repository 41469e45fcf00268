import type { ErrorClass } from '@questline/contracts';

/** Seed 002 §8.1's RetryPolicy: exponential backoff for one class of failure. */
export interface RetryPolicy {
  maxRetries: number;
  initialDelayMs: number;
  maxDelayMs: number;
  backoffFactor: number;
}

export type RetryPolicies = Partial<Record<ErrorClass, RetryPolicy>>;

/**
 * Seed 002 §8.1's DEFAULT_RETRY_POLICIES, by the error classes of §8.3: `database` (3 × 100 ms…1 s)
 * for DATABASE, `kafka` (5 × 500 ms…10 s) for NETWORK. Its `http` policy (3 × 200 ms…2 s) is the
 * webhook sender's concern, which follows Standard Webhooks' own schedule instead.
 */
export const SEED_002_RETRY_POLICIES: RetryPolicies = {
  DATABASE: { maxRetries: 3, initialDelayMs: 100, maxDelayMs: 1_000, backoffFactor: 2 },
  NETWORK: { maxRetries: 5, initialDelayMs: 500, maxDelayMs: 10_000, backoffFactor: 2 },
};

/** The delay before retry `n` (1-based) of a policy: initial × factor^(n-1), capped. */
export const policyDelayMs = (p: RetryPolicy, n: number): number => Math.min(p.maxDelayMs, Math.round(p.initialDelayMs * p.backoffFactor ** (n - 1)));

/** Thrown instead of calling a handler while a dependency's circuit is open: the batch waits in place. */
export class CircuitOpenError extends Error {
  constructor(readonly dependency: ErrorClass, readonly retryInMs: number) {
    super(`circuit open for ${dependency}: the dependency failed repeatedly; next try in ${retryInMs} ms`);
    this.name = 'CircuitOpenError';
  }
}

export type CircuitState = 'closed' | 'open' | 'half-open';

interface Circuit {
  failures: number;
  state: CircuitState;
  openUntil: number;
  /** How long it stays open next time: the policy's max delay, doubled once while probes fail (recovery is never more than 2 × max delay late). */
  cooldownMs: number;
  probing: boolean;
  probeStartedAt: number;
}

/**
 * One circuit per dependency class (DATABASE, NETWORK) for the whole process (seed 002 §8.1:
 * "prevent cascading failures by temporarily disabling failing operations"). Outage failures
 * (isUnavailable) count; past the class policy's `maxRetries` in a row the circuit opens: every
 * consumer of the process stops calling its handler (no load on a dependency that is down, no
 * retries burnt, nothing dead-lettered) and its batches wait in place. After the cooldown one batch
 * probes (half-open): success closes the circuit, failure reopens it for twice as long.
 */
export class CircuitBreakers {
  private readonly circuits = new Map<ErrorClass, Circuit>();

  constructor(
    private readonly policies: RetryPolicies,
    private readonly onChange?: (dependency: ErrorClass, state: CircuitState, detail: { failures: number; cooldownMs: number }) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** Throws CircuitOpenError when a call must not be made now; otherwise lets it through (marking a half-open probe). */
  before(): void {
    const t = this.now();
    for (const [dependency, c] of this.circuits) {
      if (c.state === 'closed') continue;
      // One probe at a time; a probe that never reported (its partition moved away) is replaced after a while.
      const staleProbe = c.state === 'half-open' && t - c.probeStartedAt > 2 * c.cooldownMs;
      if ((c.state === 'open' && t >= c.openUntil && !c.probing) || staleProbe) {
        c.state = 'half-open';
        c.probing = true;
        c.probeStartedAt = t;
        this.onChange?.(dependency, 'half-open', { failures: c.failures, cooldownMs: c.cooldownMs });
        continue;
      }
      throw new CircuitOpenError(dependency, Math.max(0, c.openUntil - t));
    }
  }

  /** A handler call went through (whatever its messages' own failures). */
  succeeded(): void {
    for (const [dependency, c] of this.circuits) {
      if (c.failures === 0 && c.state === 'closed') continue;
      const was = c.state;
      this.circuits.set(dependency, this.fresh(dependency));
      if (was !== 'closed') this.onChange?.(dependency, 'closed', { failures: 0, cooldownMs: 0 });
    }
  }

  /** A handler call failed because `dependency` is down. */
  failed(dependency: ErrorClass): void {
    const policy = this.policies[dependency];
    if (!policy) return;
    const c = this.circuits.get(dependency) ?? this.fresh(dependency);
    this.circuits.set(dependency, c);
    c.failures++;
    c.probing = false;
    if (c.state === 'half-open') {
      c.cooldownMs = Math.min(c.cooldownMs * 2, policy.maxDelayMs * 2);
      this.open(dependency, c);
    } else if (c.state === 'closed' && c.failures > policy.maxRetries) this.open(dependency, c);
  }

  state(dependency: ErrorClass): CircuitState {
    return this.circuits.get(dependency)?.state ?? 'closed';
  }

  private open(dependency: ErrorClass, c: Circuit): void {
    c.state = 'open';
    c.openUntil = this.now() + c.cooldownMs;
    this.onChange?.(dependency, 'open', { failures: c.failures, cooldownMs: c.cooldownMs });
  }

  private fresh(dependency: ErrorClass): Circuit {
    return { failures: 0, state: 'closed', openUntil: 0, cooldownMs: this.policies[dependency]?.maxDelayMs ?? 1_000, probing: false, probeStartedAt: 0 };
  }
}
