import { isValidUserId, type Award, type CanonicalEnvelope, type ProgressOutcome } from '@questline/contracts';
import { isActivity, passesGate, typeMatches, userAt, zoneOf } from '../engine/evaluate';
import { earnedKeys, earnedTracking, ruleStateRefs, stateKeys } from '../engine/user-state';
import type { Pack } from '../pack/pack.types';
import { advanceCounter, counterDelta, counterKey, type CounterState } from './counters';
import { advanceMetric, metricInput, metricKey, metricPeriod, type MetricState } from './metrics';
import { dayLabel, periodOf } from './periods';
import type { ProgressStore } from './progress-store';
import { advanceQuest, assignedMissions, missionKey, missionsDayKey, questKey, questPeriod, touchesQuest, type QuestState } from './quests';
import { streakActivity, streakKey, type StreakState } from './streaks';

export interface ProgressResult {
  awards: Award[];
  outcomes: ProgressOutcome[];
}

const hasProgress = (pack: Pack) =>
  (pack.streaks?.length ?? 0) > 0 || !!pack.missions || (pack.quests?.length ?? 0) > 0 || (pack.counters?.length ?? 0) > 0 || (pack.metrics?.length ?? 0) > 0;

/** The progress entries an event may read or change (what the app locks and loads for it). */
export function progressKeys(pack: Pack, event: CanonicalEnvelope): { userId: string; key: string }[] {
  if (!hasProgress(pack) && !earnedTracking(pack)) return [];
  const keys: { userId: string; key: string }[] = earnedKeys(pack, event);
  // State a matching rule's condition reads: locked and loaded like the progress it is kept in.
  for (const rule of pack.rules) {
    const refs = ruleStateRefs(rule);
    if (!refs || !typeMatches(rule.on, event.type)) continue;
    const userId = userAt(event, rule.award.to);
    if (userId) for (const key of stateKeys(pack, refs, event)) keys.push({ userId, key });
  }
  const atMs = Date.parse(event.occurredAt);
  const zone = zoneOf(pack, event);
  // The metrics this event moves: their keys, and (for the acting user's) what metric steps of quests read.
  const moved = new Map<string, number>();
  const metricKeys: { userId: string; key: string }[] = [];
  for (const m of pack.metrics ?? []) {
    const input = metricInput(m, event, zone);
    if (!input) continue;
    metricKeys.push({ userId: input.userId, key: metricKey(m, metricPeriod(pack, m, atMs, zone)) });
    if (input.userId === event.userId) moved.set(m.id, 0);
  }
  // The event's own user's streaks, missions and quests: none when its subject is a placeholder (see progress()).
  const actor = isValidUserId(event.userId);
  for (const s of pack.streaks ?? []) if (actor && isActivity(s, event)) keys.push({ userId: event.userId, key: streakKey(s) });
  if (pack.missions && actor) {
    const day = periodOf(atMs, 'day', zone);
    keys.push({ userId: event.userId, key: missionsDayKey(day) });
    const assigned = assignedMissions(pack, event.userId, day);
    if (assigned.some((m) => touchesQuest(m, event, moved))) for (const m of assigned) keys.push({ userId: event.userId, key: missionKey(m, day) });
  }
  for (const q of pack.quests ?? []) if (actor && touchesQuest(q, event, moved)) keys.push({ userId: event.userId, key: questKey(q, questPeriod(pack, q, atMs, zone)) });
  for (const c of pack.counters ?? []) {
    const userId = userAt(event, c.to);
    if (userId && counterDelta(c, event) !== 0) keys.push({ userId, key: counterKey(c) });
  }
  keys.push(...metricKeys);
  return keys;
}

/**
 * Streaks, missions, quests and counters: what this event does to its users' progress, against
 * (and updating) the store. Pure and deterministic like decide(): the same store and event give
 * the same awards (with the same idempotency keys) and outcomes.
 */
export function progress(pack: Pack, event: CanonicalEnvelope, store: ProgressStore): ProgressResult {
  const result: ProgressResult = { awards: [], outcomes: [] };
  if (!hasProgress(pack)) return result;
  const atMs = Date.parse(event.occurredAt);
  const zone = zoneOf(pack, event);
  const isPublic = passesGate(pack, event);
  const take = (step: { awards: Award[]; outcomes: ProgressOutcome[] }) => {
    result.awards.push(...step.awards);
    result.outcomes.push(...step.outcomes);
  };

  // Metrics first: a mission or quest step may read the value this event leaves.
  const moved = new Map<string, number>();
  for (const def of pack.metrics ?? []) {
    const input = metricInput(def, event, zone);
    if (!input) continue;
    const period = metricPeriod(pack, def, atMs, zone);
    const key = metricKey(def, period);
    const step = advanceMetric(pack, def, input.userId, period, store.get<MetricState>(input.userId, key), input.add, isPublic, event.id);
    if (step.changed) store.set(input.userId, key, step.state);
    if (step.changed && input.userId === event.userId) moved.set(def.id, step.state.value);
    take(step);
  }

  // Streaks, missions and quests are the event's own user's: none when its subject is a platform
  // placeholder (`_system` of a `subject: none` type; `_unlinked` or `_anonymised` read back by a
  // rescore), whose quest rewards would otherwise credit "nobody" with XP and a rank.
  const actor = isValidUserId(event.userId);
  for (const def of pack.streaks ?? []) {
    if (!actor || !isActivity(def, event)) continue;
    const key = streakKey(def);
    const step = streakActivity(pack, def, event.userId, store.get<StreakState>(event.userId, key), atMs, zone, isPublic);
    store.set(event.userId, key, step.state, step.dueAt);
    take(step);
  }

  if (pack.missions && actor) {
    const day = periodOf(atMs, 'day', zone);
    const assigned = assignedMissions(pack, event.userId, day);
    if (!store.get(event.userId, missionsDayKey(day))) {
      store.set(event.userId, missionsDayKey(day), { announced: true });
      result.outcomes.push({
        userId: event.userId,
        type: 'mission.assigned',
        subject: 'daily',
        data: { mission_count: assigned.length, missions: assigned.map((m) => m.id), date: dayLabel(day) },
        dedupKey: `missions:${event.userId}:${day}:assigned`,
      });
    }
    if (assigned.some((m) => touchesQuest(m, event, moved))) {
      for (const def of assigned) {
        if (!touchesQuest(def, event, moved)) continue;
        const key = missionKey(def, day);
        const step = advanceQuest(pack, def, 'mission', String(day), event.userId, store.get<QuestState>(event.userId, key), event, isPublic, moved);
        if (step.state !== store.get(event.userId, key)) store.set(event.userId, key, step.state);
        for (const o of step.outcomes) {
          if (o.type === 'mission.completed') o.data['missions_remaining'] = assigned.filter((m) => !store.get<QuestState>(event.userId, missionKey(m, day))?.completed).length;
        }
        take(step);
      }
    }
  }

  for (const def of pack.quests ?? []) {
    if (!actor || !touchesQuest(def, event, moved)) continue;
    const instance = questPeriod(pack, def, atMs, zone);
    const key = questKey(def, instance);
    const step = advanceQuest(pack, def, 'quest', instance, event.userId, store.get<QuestState>(event.userId, key), event, isPublic, moved);
    if (step.state !== store.get(event.userId, key)) store.set(event.userId, key, step.state);
    take(step);
  }

  for (const def of pack.counters ?? []) {
    const userId = userAt(event, def.to);
    const delta = counterDelta(def, event);
    if (!userId || delta === 0) continue;
    const key = counterKey(def);
    const step = advanceCounter(pack, def, userId, store.get<CounterState>(userId, key), delta, isPublic);
    store.set(userId, key, step.state);
    take(step);
  }
  return result;
}
