/** Backoff between in-place redeliveries of a failed batch (ms): 200, 400, ... capped. */
export function redeliveryDelayMs(attempt: number, capMs = 5_000): number {
  return Math.min(capMs, 200 * 2 ** Math.max(0, attempt - 1));
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
