import { Inject, Injectable } from '@nestjs/common';
import { BusinessRuleError, NotFoundError, Topics, type ProgressOutcome } from '@questline/contracts';
import { MESSAGE_BUS, type MessageBus } from '@questline/messaging';
import {
  assignedMissions,
  capWindows,
  counterKey,
  dayLabel,
  metricKey,
  metricPeriod,
  type MetricState,
  missionKey,
  PACK_CATALOG,
  periodOf,
  questKey,
  questPeriod,
  questView,
  repairStreak,
  streakKey,
  streakView,
  type CounterState,
  type Pack,
  type PackCatalog,
  type QuestState,
  type StreakState,
} from '@questline/rules';
import { PROGRESS_REPOSITORY, type ProgressRepository } from '../domain/decision.store';
import { progressMessages } from './progress-messages';

/** The user's zone: the one their last streak activity named, else the tenant's. */
const userZone = (pack: Pack, entries: Map<string, unknown>): string =>
  pack.streaks.map((s) => (entries.get(streakKey(s)) as StreakState | undefined)?.zone).find(Boolean) ?? pack.timezone ?? 'UTC';

/** A user's streaks, today's missions, quests and counters; streak repair. */
@Injectable()
export class ProgressService {
  constructor(
    @Inject(PACK_CATALOG) private readonly packs: PackCatalog,
    @Inject(PROGRESS_REPOSITORY) private readonly progress: ProgressRepository,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
  ) {}

  private pack(tenantId: string): Pack {
    const pack = this.packs.get(tenantId);
    if (!pack) throw new NotFoundError('unknown_tenant', `Tenant "${tenantId}" has no active pack.`);
    return pack;
  }

  async view(tenantId: string, userId: string, now = new Date()) {
    const pack = this.pack(tenantId);
    const entries = await this.progress.list(tenantId, userId, ['streak/', 'mission/', 'quest/', 'counter/']);
    const get = <T>(key: string) => entries.get(key) as T | undefined;
    // The user's zone is the one their last streak activity named, else the tenant's.
    const zone = userZone(pack, entries);
    const nowMs = now.getTime();
    const day = periodOf(nowMs, 'day', zone);
    return {
      userId,
      timezone: zone,
      streaks: pack.streaks.map((s) => streakView(pack, s, get<StreakState>(streakKey(s)), nowMs)),
      missions: {
        date: dayLabel(day),
        assigned: assignedMissions(pack, userId, day).map((m) => questView(m, String(day), get<QuestState>(missionKey(m, day)))),
      },
      quests: pack.quests.map((q) => {
        const instance = questPeriod(pack, q, nowMs, zone);
        return questView(q, instance, get<QuestState>(questKey(q, instance)));
      }),
      counters: pack.counters.map((c) => {
        const state = get<CounterState>(counterKey(c));
        const next = [...c.milestones].map((m) => m.at).sort((a, b) => a - b).find((at) => !(state?.reached ?? []).includes(at));
        return { id: c.id, name: c.name, value: state?.value ?? 0, reached: state?.reached ?? [], nextMilestone: next ?? null };
      }),
    };
  }

  /** The user's metrics in their current periods (all-time, today, this week, this month), with the next milestone. */
  async metrics(tenantId: string, userId: string, now = new Date()) {
    const pack = this.pack(tenantId);
    const entries = await this.progress.list(tenantId, userId, ['metric/', 'streak/']);
    const zone = userZone(pack, entries);
    return {
      userId,
      timezone: zone,
      metrics: pack.metrics.map((m) => {
        const period = metricPeriod(pack, m, now.getTime(), zone);
        const state = entries.get(metricKey(m, period)) as MetricState | undefined;
        const next = m.milestones.map((ms) => ms.at).sort((a, b) => a - b).find((at) => !(state?.reached ?? []).includes(at));
        return { id: m.id, name: m.name, kind: m.kind, per: m.per, period, value: state?.value ?? 0, reached: state?.reached ?? [], nextMilestone: next ?? null };
      }),
    };
  }

  /**
   * What the user has used of every amount cap now (a rule's own `limits.amountPer…` and the
   * pack's shared `caps`), per window: in the user's calendar (the zone their last streak activity
   * named, else the tenant's), as the engine sums them — why an award was cut or skipped, and how
   * much room is left today.
   */
  async caps(tenantId: string, userId: string, now = new Date()) {
    const pack = this.pack(tenantId);
    const entries = await this.progress.list(tenantId, userId, ['streak/']);
    const zone = userZone(pack, entries);
    const windows = capWindows(pack, now.getTime(), zone);
    const used = await this.progress.ruleSums(tenantId, userId, windows);
    return {
      userId,
      timezone: zone,
      caps: windows.map((w, i) => ({
        id: w.id,
        kind: w.kind,
        label: w.label,
        currency: w.currency,
        rules: w.rules,
        window: w.window,
        ...(w.hours ? { hours: w.hours } : {}),
        max: w.max,
        used: used[i]!,
        left: Math.max(0, w.max - used[i]!),
        from: new Date(w.fromMs).toISOString(),
        to: new Date(w.toMs).toISOString(),
      })),
    };
  }

  /** Repairs the user's last streak break if the pack allows it and it is recent enough (409 otherwise). */
  async repair(tenantId: string, userId: string, streakId: string, now = new Date()) {
    const pack = this.pack(tenantId);
    const def = pack.streaks.find((s) => s.id === streakId);
    if (!def) throw new NotFoundError('unknown_streak', `Streak "${streakId}" is not in the pack.`);
    const state = await this.progress.update(tenantId, userId, streakKey(def), async (previous) => {
      const step = repairStreak(pack, def, userId, previous as StreakState | undefined, now.getTime());
      if ('refused' in step) throw new BusinessRuleError('streak_not_repairable', `Cannot repair: ${step.refused}.`);
      await this.publish(tenantId, pack.version, step.outcomes, null); // before the commit: at least once
      return { state: step.state, dueAt: step.dueAt, result: step.state };
    });
    return streakView(pack, def, state, now.getTime());
  }

  async publish(tenantId: string, packVersion: number, outcomes: ProgressOutcome[], sourceEventId: string | null): Promise<void> {
    await this.bus.publish(Topics.ProgressUpdated, progressMessages(tenantId, packVersion, outcomes, sourceEventId));
  }
}
