/**
 * The live demo page (/demo/leaderboard): a board and the signed-in user's notifications, live over
 * Server-Sent Events with a user token from the URL. Plain HTML and script, no build step; every
 * value from the server is written with textContent (never parsed as HTML).
 */
export const DEMO_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Questline live demo</title>
<link rel="icon" href="data:,">
<style>
  :root { font-family: system-ui, sans-serif; color: #1d2330; background: #f5f6fa; }
  body { margin: 0; padding: 24px; }
  h1 { font-size: 20px; margin: 0 0 4px; }
  .sub { color: #5b6475; margin-bottom: 16px; font-size: 14px; }
  main { display: grid; grid-template-columns: minmax(280px, 1fr) minmax(280px, 1fr); gap: 16px; }
  section { background: #fff; border-radius: 10px; padding: 16px; box-shadow: 0 1px 3px rgba(0,0,0,.08); }
  h2 { font-size: 16px; margin: 0 0 12px; display: flex; justify-content: space-between; }
  table { width: 100%; border-collapse: collapse; font-size: 14px; }
  td { padding: 6px 4px; border-bottom: 1px solid #eef0f4; }
  td.rank { width: 3em; color: #5b6475; } td.score { text-align: right; font-variant-numeric: tabular-nums; }
  tr.me td { font-weight: 600; background: #fff8e1; }
  ol { list-style: none; margin: 0; padding: 0; font-size: 14px; max-height: 420px; overflow: auto; }
  li { padding: 8px 4px; border-bottom: 1px solid #eef0f4; }
  li .kind { color: #5b6475; font-size: 12px; display: block; }
  .badge { font-size: 12px; padding: 2px 8px; border-radius: 10px; background: #e3e7ef; }
  .live { background: #d8f5e3; color: #13653a; } .down { background: #fde2e1; color: #8a1c17; }
  #you { margin-top: 10px; font-size: 14px; }
  @media (max-width: 640px) { main { grid-template-columns: 1fr; } }
</style>
</head>
<body>
<h1>Questline live demo</h1>
<div class="sub">Board <b id="board-name">…</b> · signed in as <b id="user">…</b> · <span id="status" class="badge">connecting</span></div>
<main>
  <section aria-label="leaderboard">
    <h2><span>Leaderboard <span id="period"></span></span><span class="badge" id="total"></span></h2>
    <table><tbody id="top"></tbody></table>
    <div id="you"></div>
  </section>
  <section aria-label="notifications">
    <h2><span>Notifications</span><span class="badge" id="unread">0 unread</span></h2>
    <ol id="feed"></ol>
  </section>
</main>
<script>
(() => {
  const q = new URLSearchParams(location.search);
  const token = q.get('token') || '';
  const board = q.get('board') || 'xp';
  const top = q.get('top') || '10';
  const $ = (id) => document.getElementById(id);
  let user = q.get('user') || '';
  try { user = user || JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))).sub; } catch (e) { /* no token */ }
  $('user').textContent = user || '(no token)';
  $('board-name').textContent = board;
  const qs = 'access_token=' + encodeURIComponent(token);
  const streams = { board: false, feed: false };
  const status = () => {
    const up = streams.board && streams.feed;
    $('status').textContent = up ? 'live' : 'reconnecting';
    $('status').className = 'badge ' + (up ? 'live' : 'down');
  };
  const cell = (tr, text, cls) => { const td = document.createElement('td'); td.textContent = text; if (cls) td.className = cls; tr.appendChild(td); };

  const boardStream = new EventSource('/v1/leaderboards/' + encodeURIComponent(board) + '/stream?top=' + encodeURIComponent(top) + '&' + qs);
  boardStream.onopen = () => { streams.board = true; status(); };
  boardStream.onerror = () => { streams.board = false; status(); };
  boardStream.addEventListener('leaderboard.updated', (e) => {
    const u = JSON.parse(e.data);
    $('period').textContent = '· ' + u.window + (u.period === 'all' ? '' : ' ' + u.period);
    $('total').textContent = u.total + ' ranked';
    const body = $('top');
    body.replaceChildren();
    for (const row of u.top) {
      const tr = document.createElement('tr');
      tr.dataset.user = row.userId;
      if (row.userId === user) tr.className = 'me';
      cell(tr, '#' + row.rank, 'rank'); cell(tr, row.userId); cell(tr, String(row.score), 'score');
      body.appendChild(tr);
    }
    $('you').textContent = u.you ? (u.you.rank ? 'You: #' + u.you.rank + ' with ' + u.you.score : 'You are not ranked yet') : '';
  });

  const seen = new Set();
  let unread = 0;
  const feed = new EventSource('/v1/users/' + encodeURIComponent(user) + '/stream?' + qs);
  feed.onopen = () => { streams.feed = true; status(); };
  feed.onerror = () => { streams.feed = false; status(); };
  feed.addEventListener('ready', (e) => { unread = JSON.parse(e.data).unread; $('unread').textContent = unread + ' unread'; });
  feed.addEventListener('notification', (e) => {
    const n = JSON.parse(e.data);
    if (seen.has(n.id)) return;
    seen.add(n.id);
    const li = document.createElement('li');
    li.dataset.kind = n.kind;
    li.dataset.id = n.id;
    const kind = document.createElement('span'); kind.className = 'kind'; kind.textContent = n.kind + ' · ' + new Date(n.createdAt).toLocaleTimeString();
    const title = document.createElement('span'); title.className = 'title'; title.textContent = n.title;
    li.append(kind, title);
    $('feed').prepend(li);
    if (!n.readAt) { unread++; $('unread').textContent = unread + ' unread'; }
  });
})();
</script>
</body>
</html>
`;
