import type { CounterState } from './counters';
import type { MetricState } from './metrics';
import type { QuestState } from './quests';

/**
 * The number a progress entry is compared by when re-scoring shows what changes: a metric's or a
 * counter's value, 1 for a completed mission or quest (else 0). Undefined for entries that are not
 * compared (streaks: the streak job and repairs change them outside any event; bookkeeping keys).
 */
export function progressSummary(key: string, state: unknown): number | undefined {
  if (state === undefined || state === null) return undefined;
  if (key.startsWith('metric/') || key.startsWith('counter/')) return (state as MetricState | CounterState).value;
  if (key.startsWith('quest/') || key.startsWith('mission/')) return (state as QuestState).completed ? 1 : 0;
  return undefined;
}
