/// <reference lib="dom" />
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { answerAccepted, api, createApiKey, infraEnv, spawnApp, TEST_ROOT_KEY, TestTenants, uniqueId, type SpawnedService } from '@questline/testing';

jest.setTimeout(180_000);

/** Debian's chromium, installed by `bash infra/tools.sh chromium` (npm test does it); CHROMIUM_PATH overrides. */
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const OUT = resolve(__dirname, '../../.test-results');
const ROOT = resolve(__dirname, '../..');

/**
 * The operator console (/console) in a real headless Chromium against the platform on the real
 * Kafka, Postgres and Redis: sign in, watch a board move as events arrive, follow a ledger entry to
 * its event, read dashboards whose numbers equal the API's; a read-only key sees no admin data.
 * Screenshots of each page go to .test-results/console-*.png; time to interactive is reported.
 */
describe('operator console in headless Chromium', () => {
  const tenants = new TestTenants();
  const tenant = tenants.newTenant('tektree');
  const namespace = `${uniqueId('con')}.`;
  let app: SpawnedService;
  let browser: Browser;
  const timings: Record<string, number> = {};
  // A product's own page on another origin, for the widgets; its tenant lists that origin for CORS.
  let product: Server;
  let productPage = '';
  let shop = '';
  let productOrigin = '';
  beforeAll(async () => {
    product = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(productPage));
    await new Promise<void>((r) => product.listen(0, '127.0.0.1', r));
    productOrigin = `http://127.0.0.1:${(product.address() as AddressInfo).port}`;
    shop = tenants.newTenant('tektree', (t) => `${t}\nclients:\n  corsOrigins: ['${productOrigin}']\n`);
    // The console as `npm install` builds it (a fresh build, so the test sees this checkout's code).
    execFileSync(process.execPath, [join(ROOT, 'tools/console/build.mjs')], { cwd: ROOT, stdio: 'ignore' });
    [app, browser] = await Promise.all([
      spawnApp('standalone', { ...infraEnv(), PACKS_DIR: tenants.packsDir, QUESTLINE_NAMESPACE: namespace, ANALYTICS_INTERVAL_MS: '300' }, 120_000),
      puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] }),
    ]);
    mkdirSync(OUT, { recursive: true });
  });
  afterAll(async () => {
    process.stdout.write(`console: time to interactive per page (ms): ${JSON.stringify(timings)}\n`);
    await browser?.close();
    product?.close();
    if (app) expect(await app.stop()).toBe(true);
  });

  /** A page with its script errors collected (resource failures of deliberate 401s aside). */
  async function open(width = 1200): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && errors.push(m.text()));
    await page.setViewport({ width, height: 800 });
    return { page, errors };
  }
  const shot = (page: Page, name: string) => page.screenshot({ path: join(OUT, `console-${name}.png`), fullPage: true });
  /** Navigates to a page of the console and waits for `ready` to hold; records the time. */
  async function visit(page: Page, hash: string, ready: string, name: string): Promise<void> {
    const t0 = Date.now();
    await page.evaluate((h) => (location.hash = h), hash);
    await page.waitForFunction(ready, { timeout: 15_000 });
    timings[name] = Date.now() - t0;
  }

  it('signs in, shows a board moving live, explains a ledger entry by its event, and dashboards equal to the API', async () => {
    const { page, errors } = await open();
    const t0 = Date.now();
    await page.goto(`${app.url}/console`, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('#key');
    timings['sign-in'] = Date.now() - t0;
    // A wrong key: a clear refusal, still on the sign-in form.
    await page.type('#key', 'ql_wrong_key');
    await page.type('#tenant', tenant);
    await page.click('button[type=submit]');
    await page.waitForSelector('#signin-error');
    expect(await page.$eval('#signin-error', (e) => e.textContent)).toMatch(/^401/);
    await shot(page, 'sign-in');
    // The root key and the tenant.
    await page.$eval('#key', (e) => ((e as HTMLInputElement).value = ''));
    await page.type('#key', TEST_ROOT_KEY);
    const t1 = Date.now();
    await page.click('button[type=submit]');
    await page.waitForFunction(() => document.getElementById('ov-dlq')?.textContent === '0');
    timings['overview'] = Date.now() - t1;

    // The board, live: events sent over HTTP move it without a reload.
    const [ann, ben] = [uniqueId('ann'), uniqueId('ben')];
    const admin = api(app.url, tenant);
    await visit(page, '#/boards', "document.querySelector('#board-meta') !== null", 'boards');
    expect((await admin.post('/v1/events/batch', { events: [answerAccepted({ author: ann }), answerAccepted({ author: ann }), answerAccepted({ author: ben })] })).status).toBe(202);
    await page.waitForFunction((u) => document.querySelector(`#board-table tr[data-user="${u}"] td.score`)?.textContent === '100', { timeout: 10_000 }, ann);
    await page.waitForFunction((u) => document.querySelector(`#board-table tr[data-user="${u}"] td.score`)?.textContent === '50', { timeout: 10_000 }, ben);
    await page.click('#board-reconcile');
    await page.waitForFunction(() => /no drift/.test(document.getElementById('board-result')?.textContent ?? ''), { timeout: 10_000 });
    await shot(page, 'leaderboard');

    // A user from the board, and the cause of a ledger entry: its event, one click away.
    const t2 = Date.now();
    await page.click(`#board-table tr[data-user="${ann}"] a`);
    await page.waitForFunction(() => document.querySelectorAll('#ledger-table tbody tr').length === 2, { timeout: 10_000 });
    await page.waitForSelector('#user-profile [data-currency="xp"] .balance');
    timings['user'] = Date.now() - t2;
    expect(await page.$eval('#user-profile [data-currency="xp"] .balance', (e) => e.textContent)).toBe('100');
    await page.click('#ledger-table tbody tr button.why');
    await page.waitForSelector('#why-payload');
    expect(await page.$eval('#why-event-type', (e) => e.textContent)).toBe('knowledge.answer.accepted');
    expect(JSON.parse((await page.$eval('#why-payload', (e) => e.textContent)) ?? '{}')).toMatchObject({ answer_author_id: ann });
    const eventId = await page.$eval('#why-event-id', (e) => e.textContent);
    const ledger = await admin.get(`/v1/users/${ann}/ledger`);
    expect(ledger.body.entries.map((e: { sourceEventId: string }) => e.sourceEventId)).toContain(eventId);
    // Badges: first-xp unlocked, the follower badges with their progress (0 of 10).
    await page.waitForFunction(() => /^unlocked/.test(document.querySelector('#user-badges-table tr[data-badge="first-xp"] .badge-state')?.textContent ?? ''), { timeout: 10_000 });
    expect(await page.$eval('#user-badges-table tr[data-badge="rising-star"] .badge-state', (e) => e.textContent)).toMatch(/0 \/ 10$/);
    expect(await page.$('#user-badges-table tr[data-badge="influencer"]')).toBeNull(); // secret until unlocked
    // Search by the start of an id.
    await page.$eval('#user-id', (e) => ((e as HTMLInputElement).value = ''));
    await page.type('#user-id', ann.slice(0, 6));
    await page.waitForFunction((u) => document.querySelector(`#user-matches option[value="${u}"]`) !== null, { timeout: 10_000 }, ann);
    await shot(page, 'user');

    // Dashboards: the numbers on the page are the API's.
    await visit(page, '#/analytics', "Number(document.getElementById('an-events')?.textContent) >= 3", 'analytics');
    const summary = (await admin.get('/v1/analytics/summary')).body as { days: { day: string; dau: number; events: number }[] };
    const total = summary.days.reduce((n, d) => n + d.events, 0);
    await page.waitForFunction((n) => document.getElementById('an-events')?.textContent === String(n), { timeout: 10_000 }, total);
    for (const d of summary.days.filter((x) => x.events > 0)) {
      expect(await page.$eval(`#an-days tr[data-day="${d.day}"] td.dau`, (e) => e.textContent)).toBe(String(d.dau));
      expect(await page.$eval(`#an-days tr[data-day="${d.day}"] td.events`, (e) => e.textContent)).toBe(String(d.events));
    }
    expect(await page.$$eval('.chart canvas', (c) => c.length)).toBeGreaterThanOrEqual(2);
    await shot(page, 'analytics');
    await visit(page, '#/overview', "document.getElementById('ov-events')?.textContent !== '0' && document.getElementById('ov-rate')?.textContent !== '0'", 'overview-again');
    expect(await page.$eval('#ov-lag', (e) => e.textContent)).toMatch(/^[\d.,]+ s$/);
    await shot(page, 'overview');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('on a phone: the board and the user page fit; a read-only key sees no admin data', async () => {
    const reader = (await createApiKey(app.url, tenant, ['read'])).key;
    const { page, errors } = await open(375);
    await page.goto(`${app.url}/console#/boards`, { waitUntil: 'domcontentloaded' });
    await page.type('#key', reader);
    await page.click('button[type=submit]');
    await page.waitForSelector('#ov-dlq, #board-meta');
    await page.waitForFunction(() => document.getElementById('board-table') !== null, { timeout: 10_000 });
    // Nothing wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await shot(page, 'leaderboard-phone');
    await page.evaluate(() => (location.hash = '#/overview'));
    await page.waitForFunction(() => document.getElementById('ov-dlq')?.textContent === '—', { timeout: 10_000 });
    expect(await page.content()).toContain('needs an admin key');
    // Keyboard: the nav is reachable and labelled.
    expect(await page.$eval('nav', (n) => n.getAttribute('aria-label'))).toBe('Console pages');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('packs: a broken draft shows its error at its line, a diff between versions; dead letters: a patched replay credits once; keys: created once, revoked', async () => {
    const { page, errors } = await open();
    const asked: string[] = [];
    page.on('dialog', (d) => void (asked.push(d.message()), d.accept()));
    await page.goto(`${app.url}/console#/packs`, { waitUntil: 'domcontentloaded' });
    await page.type('#key', TEST_ROOT_KEY);
    await page.type('#tenant', tenant);
    await page.click('button[type=submit]');
    await page.waitForFunction(() => ((document.getElementById('draft') as HTMLTextAreaElement | null)?.value ?? '').includes('rules:'), { timeout: 10_000 });
    // Break one amount: the error names its line.
    const draft = await page.$eval('#draft', (e) => (e as HTMLTextAreaElement).value);
    const lines = draft.split('\n');
    const bad = lines.findIndex((l) => /^\s+amount: 50$/.test(l));
    expect(bad).toBeGreaterThan(0);
    const broken = [...lines.slice(0, bad), lines[bad]!.replace('amount: 50', 'amount: fifty'), ...lines.slice(bad + 1)].join('\n');
    await page.$eval('#draft', (e, v) => {
      (e as HTMLTextAreaElement).value = v as string;
      e.dispatchEvent(new Event('input', { bubbles: true }));
    }, broken);
    await page.click('#draft-validate');
    await page.waitForSelector('#draft-errors');
    expect(await page.$$eval('#draft-errors li[data-line]', (els) => els.map((e) => Number(e.getAttribute('data-line'))))).toContain(bad + 1);
    expect(await page.$eval(`#draft-line-${bad + 1}`, (e) => e.className)).toBe('bad');
    await shot(page, 'packs');
    // A second version (a bigger award, so a new version of that rule), then the diff between the two shows the change.
    const ruleVersion = lines.slice(0, bad).findLastIndex((l) => /^\s+version: 1$/.test(l));
    expect(ruleVersion).toBeGreaterThan(0);
    const v2 = lines
      .map((l, i) => (i === ruleVersion ? l.replace('version: 1', 'version: 2') : l))
      .join('\n')
      .replace(/^version: \d+$/m, 'version: 2')
      .replace(/^(\s+)amount: 50$/m, '$1amount: 60');
    await page.$eval('#draft', (e, v) => {
      (e as HTMLTextAreaElement).value = v as string;
      e.dispatchEvent(new Event('input', { bubbles: true }));
    }, v2);
    await page.click('#draft-activate');
    await page.waitForFunction(() => /active/.test(document.getElementById('packs-note')?.textContent ?? ''), { timeout: 10_000 });
    await page.waitForSelector('#packs-versions tr[data-version="2"]');
    await page.select('#diff-a', '1');
    await page.select('#diff-b', '2');
    await page.click('#diff-run');
    await page.waitForSelector('#diff .add');
    const changed = (cls: string) => page.$$eval(`#diff .${cls}`, (els) => els.map((e) => e.textContent).join(''));
    expect(await changed('add')).toContain('+       amount: 60');
    expect(await changed('del')).toContain('-       amount: 50');
    // Each changed line marked on itself (not the next one), unchanged stretches folded.
    expect(await page.$eval('#diff', (e) => e.textContent)).toMatch(/- version: 1\n\+ version: 2\n/);
    expect(await page.$$eval('#diff .gap', (els) => els.length)).toBeGreaterThan(0);
    await page.click('#packs-rollback');
    await page.waitForFunction(() => /version 1 is active/.test(document.getElementById('packs-note')?.textContent ?? ''), { timeout: 10_000 });

    // A Kafka message without the answer's author: a dead letter; fixed in the console and replayed, credited once.
    const kafka = new Kafka({ clientId: 'console-e2e', brokers: infraEnv().KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    const fixed = uniqueId('fixed');
    const message = { ...answerAccepted({ author: 'x' }), payload: { question_id: 'q-c', answer_id: 'a-c' } };
    await producer.send({ topic: `${namespace}questline.inbound.v1`, acks: -1, messages: [{ key: 'k', value: JSON.stringify(message), headers: { 'questline-tenant': tenant } }] });
    await producer.disconnect();
    await page.evaluate(() => (location.hash = '#/dead-letters'));
    await page.waitForSelector('#dlq-table tbody tr button.inspect', { timeout: 30_000 });
    await page.click('#dlq-table tbody tr button.inspect');
    await page.waitForSelector('#dlq-value');
    expect(await page.$eval('#dlq-value', (e) => e.textContent)).toContain('q-c');
    await page.type('#dlq-patch', JSON.stringify([{ op: 'add', path: '/payload/answer_author_id', value: fixed }]));
    await page.click('#dlq-dry');
    await page.waitForFunction(() => /Dry run: 1/.test(document.getElementById('dlq-result')?.textContent ?? ''));
    await page.click('#dlq-replay');
    await page.waitForFunction(() => document.getElementById('dlq-state')?.textContent === 'replayed', { timeout: 10_000 });
    const admin = api(app.url, tenant);
    const credited = async () => (await admin.get(`/v1/users/${fixed}/profile`)).body?.balances?.xp?.lifetime ?? 0;
    for (let i = 0; i < 100 && (await credited()) !== 50; i++) await new Promise((r) => setTimeout(r, 200));
    // Replayed twice from the console: still credited once.
    await page.click('#dlq-replay');
    await page.waitForFunction(() => /replayed 2×/.test(document.getElementById('dlq-detail')?.textContent ?? ''), { timeout: 10_000 });
    await new Promise((r) => setTimeout(r, 2_000));
    expect(await credited()).toBe(50);
    expect((await admin.get(`/v1/users/${fixed}/ledger`)).body.entries).toHaveLength(1);
    // The letter's audit trail: both replays, by the root key.
    await page.waitForFunction(() => Array.from(document.querySelectorAll('#dlq-trail li')).filter((li) => /dlq\.replay by root/.test(li.textContent ?? '')).length === 2, { timeout: 10_000 });
    await shot(page, 'dead-letters');

    // Keys: created with its secret shown once, then revoked (it stops working).
    await page.evaluate(() => (location.hash = '#/access'));
    await page.waitForSelector('#key-name');
    await page.type('#key-name', 'console-made');
    await page.click('#key-create');
    await page.waitForSelector('#new-secret');
    const secret = await page.$eval('#new-secret', (e) => e.textContent ?? '');
    expect((await api(app.url, tenant, { key: secret }).get('/v1/leaderboards/xp')).status).toBe(200);
    await page.waitForFunction(() => Array.from(document.querySelectorAll('#keys-table tr')).some((tr) => tr.textContent?.includes('console-made') && tr.querySelector('button.revoke')));
    await page.evaluate(() => Array.from(document.querySelectorAll('#keys-table tr')).find((tr) => tr.textContent?.includes('console-made'))!.querySelector<HTMLButtonElement>('button.revoke')!.click());
    await page.waitForFunction(() => Array.from(document.querySelectorAll('#keys-table tr')).some((tr) => tr.textContent?.includes('console-made') && tr.textContent.includes('revoked')));
    expect((await api(app.url, tenant, { key: secret }).get('/v1/leaderboards/xp')).status).toBe(401);
    // Activate, roll back and revoke each asked first.
    expect(asked).toEqual([expect.stringMatching(/^Store this draft/), expect.stringMatching(/^Activate the version that was active before/), expect.stringMatching(/^Revoke this key/)]);
    await shot(page, 'access');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('widgets: a product page on another origin shows the live board and the user profile with a user token, styled by CSS variables', async () => {
    const backend = await createApiKey(app.url, shop, ['events:write']);
    const ann = uniqueId('ann');
    const token = (await api(app.url, shop, { key: backend.key }).post(`/v1/users/${ann}/tokens`, {})).body.token as string;
    productPage = `<!doctype html><html><head><meta charset="utf-8"><title>Shop</title>
      <script type="module" src="${app.url}/console/widget.js"></script>
      <style>body { --ql-accent: rgb(200, 0, 0); --ql-font: serif; }</style></head>
      <body><h1>Our product</h1>
      <questline-leaderboard api="${app.url}" board="xp" top="5" token="${token}"></questline-leaderboard>
      <questline-profile api="${app.url}" token="${token}"></questline-profile></body></html>`;
    const { page, errors } = await open(800);
    await page.goto(productOrigin, { waitUntil: 'domcontentloaded' });
    await page.waitForFunction(() => document.querySelector('questline-leaderboard')?.getAttribute('data-state') === 'live', { timeout: 10_000 });
    expect((await api(app.url, shop, { key: backend.key }).post('/v1/events/batch', { events: [answerAccepted({ author: ann }), answerAccepted({ author: ann })] })).status).toBe(202);
    await page.waitForFunction(
      (u) => document.querySelector('questline-leaderboard')?.shadowRoot?.querySelector(`tr.me[data-user="${u}"] td.score`)?.textContent === '100',
      { timeout: 10_000 },
      ann,
    );
    await page.waitForFunction(() => document.querySelector('questline-profile')?.shadowRoot?.querySelector('[data-currency="xp"] .value')?.textContent === '100', { timeout: 10_000 });
    // Styled by the page's CSS variables.
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('questline-profile')!.shadowRoot!.querySelector('.value')!).color)).toBe('rgb(200, 0, 0)');
    await shot(page, 'widget');
    expect(errors).toEqual([]);
    await page.close();
  });
});
