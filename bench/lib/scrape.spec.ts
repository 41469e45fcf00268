import { histogramTotals, meansBetween, totalLag } from './scrape';

const scrape = (store: [number, number], publish: [number, number]) => `# HELP questline_ingest_step_seconds x
# TYPE questline_ingest_step_seconds histogram
questline_ingest_step_seconds_bucket{le="0.001",step="store"} 3
questline_ingest_step_seconds_sum{step="store"} ${store[0]}
questline_ingest_step_seconds_count{step="store"} ${store[1]}
questline_ingest_step_seconds_sum{step="publish"} ${publish[0]}
questline_ingest_step_seconds_count{step="publish"} ${publish[1]}
questline_http_auth_seconds_sum 0.5
questline_http_auth_seconds_count 100
`;

describe('bench scrape helpers', () => {
  it('reads a histogram per label and without labels', () => {
    const t = histogramTotals(scrape([1, 10], [2, 5]), 'questline_ingest_step_seconds', 'step');
    expect(t.get('store')).toEqual({ sum: 1, count: 10 });
    expect(t.get('publish')).toEqual({ sum: 2, count: 5 });
    expect(histogramTotals(scrape([1, 10], [2, 5]), 'questline_http_auth_seconds').get('')).toEqual({ sum: 0.5, count: 100 });
  });

  it('turns two scrapes into a mean per step, skipping steps that did not run', () => {
    const m = meansBetween(scrape([1, 10], [2, 5]), scrape([3, 20], [2, 5]), 'questline_ingest_step_seconds', 'step');
    expect(m.get('store')).toEqual({ mean: 0.2, count: 10 });
    expect(m.has('publish')).toBe(false);
  });

  it('sums consumer lag across processes and series', () => {
    const a = 'questline_consumer_lag_messages{group="g",topic="t"} 7\nquestline_consumer_lag_messages{group="h",topic="t"} 3\n';
    expect(totalLag([a, 'questline_consumer_lag_messages{group="x",topic="y"} 5', ''])).toBe(15);
  });
});
