import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Session } from '../api';
import { fmt, ProblemBox, usePoll } from './common';

interface Summary {
  from: string;
  to: string;
  days: { day: string; dau: number; events: number; points: Record<string, number>; unlocks: number; missionsCompleted: number; questsCompleted: number; redemptions: number }[];
}
interface Retention {
  cohorts: { cohort: string; users: number; d1: number | null; d7: number | null; d30: number | null }[];
}
interface Missions {
  rows: { day: string; mission: string; completed: number; users: number; avgSeconds: number | null; points: Record<string, number> }[];
}

const COLORS = ['#2457c5', '#c2410c', '#047857', '#7c3aed', '#b91c1c'];

/** A line chart of series over days (uPlot: small, fast, canvas). */
function Chart({ title, days, series }: { title: string; days: string[]; series: { label: string; values: number[] }[] }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!box.current) return;
    const xs = days.map((d) => Date.parse(`${d}T00:00:00Z`) / 1000);
    const plot = new uPlot(
      {
        title,
        width: Math.min(760, box.current.clientWidth || 760),
        height: 220,
        scales: { x: { time: true } },
        series: [{}, ...series.map((s, i) => ({ label: s.label, stroke: COLORS[i % COLORS.length], width: 2 }))],
        axes: [{}, { size: 60 }],
      },
      [xs, ...series.map((s) => s.values)],
      box.current,
    );
    return () => plot.destroy();
  }, [title, JSON.stringify(days), JSON.stringify(series)]);
  return <div class="chart" ref={box} role="img" aria-label={`${title}: ${series.map((s) => `${s.label} ${s.values.reduce((a, b) => a + b, 0)} in all`).join(', ')}`} />;
}

const pct = (n: number | null, of: number) => (n === null ? 'not yet' : `${fmt(n)} (${of > 0 ? Math.round((n / of) * 100) : 0}%)`);

/** Seed 004's Gamification and Community Health dashboards: 30 days of aggregates, retention cohorts, missions. */
export function AnalyticsPage({ session }: { session: Session }) {
  // No period: the API's default, the 30 days ending today in the tenant's own time zone.
  const summary = usePoll<Summary>(session, '/v1/analytics/summary', 10_000);
  const retention = usePoll<Retention>(session, '/v1/analytics/retention', 30_000);
  const missions = usePoll<Missions>(session, '/v1/analytics/missions', 30_000);
  const days = summary.data?.days ?? [];
  const currencies = [...new Set(days.flatMap((d) => Object.keys(d.points)))];
  const total = (k: 'dau' | 'events' | 'unlocks' | 'missionsCompleted' | 'redemptions') => days.reduce((n, d) => n + d[k], 0);
  return (
    <section aria-labelledby="analytics-title">
      <h1 id="analytics-title">Analytics</h1>
      <ProblemBox error={summary.error} />
      {summary.data && (
        <>
          <p class="meta">
            {summary.data.from} to {summary.data.to} · <span id="an-events">{fmt(total('events'))}</span> events · <span id="an-unlocks">{fmt(total('unlocks'))}</span> unlocks ·{' '}
            <span id="an-missions">{fmt(total('missionsCompleted'))}</span> missions completed · {fmt(total('redemptions'))} redemptions
          </p>
          <div class="charts">
            <Chart title="Community health: active users and events per day" days={days.map((d) => d.day)} series={[{ label: 'DAU', values: days.map((d) => d.dau) }, { label: 'events', values: days.map((d) => d.events) }]} />
            <Chart title="Gamification: points earned per day" days={days.map((d) => d.day)} series={currencies.map((c) => ({ label: c, values: days.map((d) => d.points[c] ?? 0) }))} />
          </div>
          <table id="an-days">
            <caption>Per day</caption>
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col" class="num">DAU</th>
                <th scope="col" class="num">Events</th>
                {currencies.map((c) => (
                  <th scope="col" class="num">
                    {c}
                  </th>
                ))}
                <th scope="col" class="num">Unlocks</th>
                <th scope="col" class="num">Missions</th>
              </tr>
            </thead>
            <tbody>
              {days
                .filter((d) => d.events > 0 || d.dau > 0)
                .reverse()
                .map((d) => (
                  <tr data-day={d.day}>
                    <td>{d.day}</td>
                    <td class="num dau">{fmt(d.dau)}</td>
                    <td class="num events">{fmt(d.events)}</td>
                    {currencies.map((c) => (
                      <td class="num" data-currency={c}>
                        {fmt(d.points[c] ?? 0)}
                      </td>
                    ))}
                    <td class="num">{fmt(d.unlocks)}</td>
                    <td class="num">{fmt(d.missionsCompleted)}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </>
      )}
      {retention.data && (
        <table id="an-retention">
          <caption>Retention: users by the day of their first event, and who came back</caption>
          <thead>
            <tr>
              <th scope="col">Cohort</th>
              <th scope="col" class="num">Users</th>
              <th scope="col" class="num">D1</th>
              <th scope="col" class="num">D7</th>
              <th scope="col" class="num">D30</th>
            </tr>
          </thead>
          <tbody>
            {retention.data.cohorts.map((c) => (
              <tr data-cohort={c.cohort}>
                <td>{c.cohort}</td>
                <td class="num">{fmt(c.users)}</td>
                <td class="num">{pct(c.d1, c.users)}</td>
                <td class="num">{pct(c.d7, c.users)}</td>
                <td class="num">{pct(c.d30, c.users)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {missions.data && missions.data.rows.length > 0 && (
        <table id="an-missions-table">
          <caption>Mission completion</caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">Mission</th>
              <th scope="col" class="num">Completed</th>
              <th scope="col" class="num">Users</th>
              <th scope="col" class="num">Mean time</th>
            </tr>
          </thead>
          <tbody>
            {missions.data.rows.map((m) => (
              <tr>
                <td>{m.day}</td>
                <td>{m.mission}</td>
                <td class="num">{fmt(m.completed)}</td>
                <td class="num">{fmt(m.users)}</td>
                <td class="num">{m.avgSeconds === null ? '—' : `${fmt(m.avgSeconds / 60)} min`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
