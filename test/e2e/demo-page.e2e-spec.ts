/// <reference lib="dom" />
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { answerAccepted, api, createApiKey, spawnEmbedded, TestTenants, uniqueId, type SpawnedService } from '@questline/testing';

jest.setTimeout(120_000);

/** Debian's chromium, installed by `bash infra/tools.sh chromium` (npm test does it); CHROMIUM_PATH overrides. */
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const OUT = resolve(__dirname, '../../.test-results');

/** The live demo page in a real headless Chromium: what a person opening the banner's link sees. */
describe('demo page (/demo/leaderboard) in headless Chromium', () => {
  const tenants = new TestTenants();
  const tenant = tenants.newTenant('tektree');
  let app: SpawnedService;
  let browser: Browser;
  beforeAll(async () => {
    [app, browser] = await Promise.all([
      spawnEmbedded(tenants.packsDir, { LEADERBOARD_STREAM_INTERVAL_MS: '250' }),
      puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] }),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    if (app) expect(await app.stop()).toBe(true);
  });

  it('shows the board and the user\'s notifications live: events sent over HTTP appear on the page within 2 s', async () => {
    const backend = await createApiKey(app.url, tenant, ['events:write']);
    const ann = uniqueId('ann');
    const token = (await api(app.url, tenant, { key: backend.key }).post(`/v1/users/${ann}/tokens`, {})).body.token as string;
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.setViewport({ width: 1100, height: 700 });
    await page.goto(`${app.url}/demo/leaderboard?board=xp&token=${encodeURIComponent(token)}`, { waitUntil: 'domcontentloaded' });
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'live', { timeout: 10_000 });
    expect(await page.$eval('#user', (e) => e.textContent)).toBe(ann);

    // Two accepted answers for ann, sent over HTTP: her notifications and her row on the board appear.
    const sent = Date.now();
    expect((await api(app.url, tenant, { key: backend.key }).post('/v1/events/batch', { events: [answerAccepted({ author: ann }), answerAccepted({ author: ann })] })).status).toBe(202);
    await page.waitForFunction(() => document.querySelectorAll('#feed li[data-kind="points.awarded"]').length === 2, { timeout: 2_000 });
    await page.waitForFunction((u) => document.querySelector(`#top tr[data-user="${u}"] td.score`)?.textContent === '100', { timeout: 2_000 }, ann);
    const tookMs = Date.now() - sent;
    expect(await page.$eval('#top tr.me', (tr) => tr.getAttribute('data-user'))).toBe(ann);
    expect(await page.$eval('#you', (e) => e.textContent)).toMatch(/^You: #\d+ with 100$/);
    expect(await page.$$eval('#feed li .title', (els) => els.map((e) => e.textContent))).toContain('+50 xp');
    expect(errors).toEqual([]);
    mkdirSync(OUT, { recursive: true });
    await page.screenshot({ path: join(OUT, 'demo-page.png') });
    process.stdout.write(`demo page: events visible ${tookMs} ms after the POST; screenshot ${join(OUT, 'demo-page.png')}\n`);
    await page.close();
  });

  it('without a valid token the page says it is not live rather than failing silently', async () => {
    const page = await browser.newPage();
    await page.goto(`${app.url}/demo/leaderboard?board=xp&token=not-a-token`, { waitUntil: 'domcontentloaded' });
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'reconnecting', { timeout: 10_000 });
    expect(await page.$eval('#feed', (e) => e.children.length)).toBe(0);
    await page.close();
  });
});
