/**
 * Reading the platform's own Prometheus metrics from a bench: a histogram's sum and count per label
 * value (to turn two scrapes into a mean per step), and the consumer lag of every group (the
 * backlog). Pure parsing; unit-tested in scrape.spec.ts.
 */

/** `{ sum, count }` of a histogram per value of `label` (or under '' when it has no labels). */
export function histogramTotals(text: string, name: string, label?: string): Map<string, { sum: number; count: number }> {
  const out = new Map<string, { sum: number; count: number }>();
  const re = new RegExp(`^${name}_(sum|count)(?:\\{([^}]*)\\})? ([0-9.eE+-]+|NaN)$`, 'gm');
  for (const m of text.matchAll(re)) {
    const labels = m[2] ?? '';
    const key = label ? (new RegExp(`(?:^|,)${label}="([^"]*)"`).exec(labels)?.[1] ?? '') : '';
    const entry = out.get(key) ?? { sum: 0, count: 0 };
    entry[m[1] as 'sum' | 'count'] += Number(m[3]);
    out.set(key, entry);
  }
  return out;
}

/** Mean (seconds) per label value between two scrapes: Δsum ÷ Δcount, with Δcount. */
export function meansBetween(before: string, after: string, name: string, label?: string): Map<string, { mean: number; count: number }> {
  const a = histogramTotals(before, name, label);
  const out = new Map<string, { mean: number; count: number }>();
  for (const [k, v] of histogramTotals(after, name, label)) {
    const b = a.get(k) ?? { sum: 0, count: 0 };
    const count = v.count - b.count;
    if (count > 0) out.set(k, { mean: (v.sum - b.sum) / count, count });
  }
  return out;
}

/** Sum of `questline_consumer_lag_messages` over every series in these scrapes: messages not yet read. */
export function totalLag(texts: string[]): number {
  return texts.reduce((n, t) => n + [...t.matchAll(/^questline_consumer_lag_messages\{[^}]*\} (\d+)/gm)].reduce((s, m) => s + Number(m[1]), 0), 0);
}

/** The metrics text of each process (a process that does not answer counts as empty). */
export async function scrapeAll(urls: string[]): Promise<string[]> {
  return Promise.all(urls.map((u) => fetch(`${u}/metrics`).then((r) => r.text(), () => '')));
}
