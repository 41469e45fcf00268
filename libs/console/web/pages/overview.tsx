import { daysAgo, type Session } from '../api';
import { fmt, ProblemBox, usePoll } from './common';

interface Summary {
  days: { day: string; dau: number; events: number; points: Record<string, number>; unlocks: number; missionsCompleted: number; redemptions: number }[];
}
interface Live {
  eventsPerSecond: number;
  eventsLastMinute: number;
  queued: number;
  oldestQueuedSeconds: number | null;
  failedRetrying: number;
  deadLettered: number;
}
interface DeadLetters {
  items: { id: string; errorClass: string; originTopic: string; deadAt: string }[];
  nextCursor: string | null;
}

/** Now and today at a glance: events per second, processing lag and errors (every 2 s), activity from the analytics aggregates and pending dead letters (every 5 s). */
export function OverviewPage({ session }: { session: Session }) {
  const summary = usePoll<Summary>(session, `/v1/analytics/summary?from=${daysAgo(6)}&to=${daysAgo(-1)}`, 5_000);
  const dlq = usePoll<DeadLetters>(session, '/v1/admin/dlq?status=pending&limit=100', 5_000);
  const live = usePoll<Live>(session, '/v1/analytics/live', 2_000);
  const days = summary.data?.days.filter((d) => d.events > 0 || d.dau > 0) ?? [];
  const last = days[days.length - 1];
  const week = summary.data?.days ?? [];
  const sum = (k: 'events' | 'unlocks' | 'missionsCompleted' | 'redemptions') => week.reduce((n, d) => n + d[k], 0);
  return (
    <section aria-labelledby="overview-title">
      <h1 id="overview-title">Overview</h1>
      <ProblemBox error={summary.error} />
      <div class="cards" aria-live="polite">
        <div class="card">
          <span class="label">Events per second (last minute)</span>
          <span class="value" id="ov-rate">{fmt(live.data?.eventsPerSecond ?? 0)}</span>
          <span class="sub">{fmt(live.data?.eventsLastMinute ?? 0)} in the last minute</span>
        </div>
        <div class="card">
          <span class="label">Processing lag</span>
          <span class="value" id="ov-lag">{live.data?.oldestQueuedSeconds === null || live.data?.oldestQueuedSeconds === undefined ? '0 s' : `${fmt(live.data.oldestQueuedSeconds)} s`}</span>
          <span class="sub">{fmt(live.data?.queued ?? 0)} events waiting</span>
        </div>
        <div class="card">
          <span class="label">Errors, last hour</span>
          <span class="value" id="ov-errors">{fmt((live.data?.failedRetrying ?? 0) + (live.data?.deadLettered ?? 0))}</span>
          <span class="sub">
            {fmt(live.data?.failedRetrying ?? 0)} retrying, {fmt(live.data?.deadLettered ?? 0)} dead-lettered
          </span>
        </div>
        <div class="card">
          <span class="label">Active users, latest day</span>
          <span class="value" id="ov-dau">{fmt(last?.dau ?? 0)}</span>
          <span class="sub">{last?.day ?? 'no activity yet'}</span>
        </div>
        <div class="card">
          <span class="label">Events, 7 days</span>
          <span class="value" id="ov-events">{fmt(sum('events'))}</span>
        </div>
        <div class="card">
          <span class="label">Unlocks / missions, 7 days</span>
          <span class="value">
            {fmt(sum('unlocks'))} / {fmt(sum('missionsCompleted'))}
          </span>
        </div>
        <div class="card">
          <span class="label">Dead letters pending</span>
          <span class="value" id="ov-dlq">{dlq.error ? '—' : fmt(dlq.data?.items.length ?? 0) + (dlq.data?.nextCursor ? '+' : '')}</span>
          {dlq.error && <span class="sub">{dlq.error.problem.status === 403 ? 'needs an admin key' : dlq.error.message}</span>}
        </div>
      </div>
      {dlq.data && dlq.data.items.length > 0 && (
        <table>
          <caption>Newest dead letters</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Topic</th>
              <th scope="col">Class</th>
            </tr>
          </thead>
          <tbody>
            {dlq.data.items.slice(0, 10).map((d) => (
              <tr>
                <td>{new Date(d.deadAt).toLocaleString()}</td>
                <td>{d.originTopic}</td>
                <td>{d.errorClass}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
