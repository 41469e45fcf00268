import type { QuestlineEventInput, QuestlineProblem } from './types';

/** Base class of every error the SDK throws or rejects with. */
export class QuestlineError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * The server answered with an error status (after retries, when the status is retryable).
 * For a batch, every event of the request is rejected with this error.
 */
export class QuestlineHttpError extends QuestlineError {
  constructor(
    /** HTTP status code. */
    readonly status: number,
    /** The problem+json body (synthesised from the status when the body was not problem+json). */
    readonly problem: QuestlineProblem,
    /** The `Retry-After` the server asked for, in milliseconds, when it sent one. */
    readonly retryAfterMs?: number,
  ) {
    super(`Questline API ${status} ${problem.code}: ${problem.detail || problem.title}`);
  }
}

/** The request never got an HTTP answer (connection refused or reset, DNS, timeout), after retries. */
export class QuestlineNetworkError extends QuestlineError {}

/** The server refused one event of a batch; the other events of the batch are unaffected. */
export class QuestlineEventRejectedError extends QuestlineError {
  constructor(
    /** Why the event was refused, with JSON pointers into the event as sent. */
    readonly problem: QuestlineProblem,
    /** The event as it was sent (with the idempotency key the SDK assigned, if any). */
    readonly event: QuestlineEventInput,
    /** The event's index in the batch request it was sent in. */
    readonly index: number,
  ) {
    super(`Questline refused the event (${problem.code}): ${problem.detail || problem.title}`);
  }
}

/** `track()` or `send()` was called after `close()`. */
export class QuestlineClientClosedError extends QuestlineError {
  constructor() {
    super('The Questline client is closed.');
  }
}
