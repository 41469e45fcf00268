/**
 * Questline widgets (issue 24): two web components a product drops into its own page with a user
 * token minted by its backend (`POST /v1/users/{id}/tokens`):
 *
 *   <script type="module" src="https://questline.example/console/widget.js"></script>
 *   <questline-leaderboard api="https://questline.example" board="xp" token="…" top="10"></questline-leaderboard>
 *   <questline-profile api="https://questline.example" token="…"></questline-profile>
 *
 * Both stay live over Server-Sent Events (the token in `access_token`, as the streams allow for user
 * tokens). Styled by CSS custom properties on the element or any ancestor: --ql-font, --ql-text,
 * --ql-muted, --ql-bg, --ql-accent, --ql-me, --ql-radius. Every value from the server is written as
 * text (never parsed as HTML), inside a shadow root. The product's origin must be in its pack's
 * `clients.corsOrigins`.
 */

const STYLE = `
:host { display: block; font-family: var(--ql-font, system-ui, sans-serif); color: var(--ql-text, #1b2231); }
.box { background: var(--ql-bg, #fff); border-radius: var(--ql-radius, 10px); padding: 12px 14px; box-shadow: 0 1px 3px rgba(0,0,0,.08); }
h2 { font-size: 15px; margin: 0 0 8px; display: flex; justify-content: space-between; gap: 8px; }
.muted { color: var(--ql-muted, #4a5468); font-weight: 400; font-size: 13px; }
table { width: 100%; border-collapse: collapse; font-size: 14px; }
td { padding: 5px 4px; border-bottom: 1px solid rgba(0,0,0,.06); }
td.rank { width: 3em; color: var(--ql-muted, #4a5468); }
td.score { text-align: right; font-variant-numeric: tabular-nums; }
tr.me td { font-weight: 650; background: var(--ql-me, #fff7e0); }
.balances { display: flex; flex-wrap: wrap; gap: 14px; }
.value { font-size: 22px; font-weight: 650; color: var(--ql-accent, #1f4fb8); font-variant-numeric: tabular-nums; }
.error { color: #7f1d1d; font-size: 13px; }
`;

/** The user a token is for (its `sub`), without verifying it: the server does that on every call. */
function tokenUser(token: string): string {
  try {
    return (JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { sub?: string }).sub ?? '';
  } catch {
    return '';
  }
}

const el = <K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, cls?: string): HTMLElementTagNameMap[K] => {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
};

abstract class QuestlineElement extends HTMLElement {
  protected root = this.attachShadow({ mode: 'open' });
  protected box = el('div', undefined, 'box');
  private streams: EventSource[] = [];

  protected get api(): string {
    return (this.getAttribute('api') ?? '').replace(/\/$/, '');
  }
  protected get token(): string {
    return this.getAttribute('token') ?? '';
  }

  connectedCallback(): void {
    const style = el('style', STYLE);
    this.root.replaceChildren(style, this.box);
    this.start();
  }
  disconnectedCallback(): void {
    for (const s of this.streams) s.close();
    this.streams = [];
  }
  attributeChangedCallback(): void {
    if (!this.isConnected) return;
    this.disconnectedCallback();
    this.start();
  }

  protected stream(path: string, on: Record<string, (data: unknown) => void>): void {
    const s = new EventSource(`${this.api}${path}${path.includes('?') ? '&' : '?'}access_token=${encodeURIComponent(this.token)}`);
    for (const [name, fn] of Object.entries(on)) s.addEventListener(name, (e) => fn(JSON.parse((e as MessageEvent<string>).data)));
    let opened = false;
    s.onerror = () => {
      this.setAttribute('data-state', 'reconnecting');
      // Never connected: the usual cause is this page's origin missing from the pack's clients.corsOrigins, or a wrong api/token.
      if (!opened) this.fail(`Cannot reach Questline at ${this.api || '(no api attribute)'}: check the api and token attributes, and that ${location.origin} is in the pack's clients.corsOrigins. Retrying…`);
    };
    s.onopen = () => {
      opened = true;
      this.setAttribute('data-state', 'live');
    };
    this.streams.push(s);
  }

  protected async get<T>(path: string): Promise<T> {
    const res = await fetch(`${this.api}${path}`, { headers: { authorization: `Bearer ${this.token}` } });
    if (!res.ok) throw new Error(`${res.status}`);
    return (await res.json()) as T;
  }

  protected fail(message: string): void {
    this.box.replaceChildren(el('p', message, 'error'));
  }

  protected abstract start(): void;
}

interface BoardUpdate {
  window: string;
  period: string;
  total: number;
  top: { rank: number; userId: string; score: number }[];
  you?: { rank: number | null; score: number | null };
}

/** `<questline-leaderboard board top token api>`: the top N, live, the token's user highlighted. */
export class QuestlineLeaderboard extends QuestlineElement {
  static observedAttributes = ['board', 'top', 'token', 'api'];

  protected start(): void {
    const board = this.getAttribute('board') ?? 'xp';
    const me = tokenUser(this.token);
    const title = el('h2');
    title.append(el('span', this.getAttribute('title') ?? 'Leaderboard'), el('span', '', 'muted'));
    const body = el('tbody');
    const table = el('table');
    table.append(body);
    const you = el('p', '', 'muted');
    this.box.replaceChildren(title, table, you);
    this.stream(`/v1/leaderboards/${encodeURIComponent(board)}/stream?top=${encodeURIComponent(this.getAttribute('top') ?? '10')}`, {
      'leaderboard.updated': (data) => {
        const u = data as BoardUpdate;
        if (!this.box.contains(table)) this.box.replaceChildren(title, table, you);
        (title.lastChild as HTMLElement).textContent = `${u.total} ranked`;
        body.replaceChildren(
          ...u.top.map((row) => {
            const tr = el('tr', undefined, row.userId === me ? 'me' : undefined);
            tr.dataset['user'] = row.userId;
            tr.append(el('td', `#${row.rank}`, 'rank'), el('td', row.userId), el('td', String(row.score), 'score'));
            return tr;
          }),
        );
        you.textContent = u.you?.rank ? `You: #${u.you.rank} with ${u.you.score}` : me ? 'You are not ranked yet' : '';
        this.dispatchEvent(new CustomEvent('questline:update', { detail: u }));
      },
    });
  }
}

interface Profile {
  balances: Record<string, { lifetime: number; spendable: number }>;
  level: { level: number; nextAt: number | null } | null;
}

/** `<questline-profile token api>`: the token's user's balances and level, refreshed on each of their notifications. */
export class QuestlineProfile extends QuestlineElement {
  static observedAttributes = ['token', 'api'];

  protected start(): void {
    const user = tokenUser(this.token);
    if (!user) return this.fail('No user token.');
    const render = async () => {
      try {
        const p = await this.get<Profile>(`/v1/users/${encodeURIComponent(user)}/profile`);
        const balances = el('div', undefined, 'balances');
        for (const [currency, b] of Object.entries(p.balances)) {
          const cell = el('div');
          cell.dataset['currency'] = currency;
          cell.append(el('div', currency, 'muted'), el('div', String(b.lifetime), 'value'));
          balances.append(cell);
        }
        if (p.level) {
          const cell = el('div');
          cell.append(el('div', 'level', 'muted'), el('div', String(p.level.level), 'value'), el('div', p.level.nextAt ? `next at ${p.level.nextAt}` : '', 'muted'));
          balances.append(cell);
        }
        const title = el('h2');
        title.append(el('span', user));
        this.box.replaceChildren(title, balances);
        this.dispatchEvent(new CustomEvent('questline:update', { detail: p }));
      } catch (err) {
        this.fail(`Could not load the profile (${(err as Error).message}): check the api and token attributes, and that ${location.origin} is in the pack's clients.corsOrigins.`);
      }
    };
    void render();
    this.stream(`/v1/users/${encodeURIComponent(user)}/stream`, { notification: () => void render() });
  }
}

if (!customElements.get('questline-leaderboard')) customElements.define('questline-leaderboard', QuestlineLeaderboard);
if (!customElements.get('questline-profile')) customElements.define('questline-profile', QuestlineProfile);
