import { createServer } from 'node:http';
import { HttpWebhookSender, isPublicAddress } from './http-webhook.sender';

describe('outbound webhook addresses', () => {
  it.each([
    ['127.0.0.1', false],
    ['10.1.2.3', false],
    ['172.16.0.1', false],
    ['192.168.1.1', false],
    ['169.254.169.254', false], // cloud metadata
    ['100.64.0.1', false],
    ['0.0.0.0', false],
    ['224.0.0.1', false],
    ['::1', false],
    ['fe80::1', false],
    ['fc00::1', false],
    ['::ffff:127.0.0.1', false], // IPv4-mapped loopback
    ['::ffff:10.0.0.1', false],
    ['not-an-ip', false],
    ['93.184.216.34', true],
    ['8.8.8.8', true],
    ['2606:4700:4700::1111', true],
  ])('%s public: %s', (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });
});

describe('HttpWebhookSender against a local server', () => {
  let port = 0;
  let hits = 0;
  const server = createServer((req, res) => {
    hits++;
    if (req.url === '/slow') return void setTimeout(() => res.end('late'), 1_000);
    if (req.url === '/redirect') return void res.writeHead(302, { location: 'http://169.254.169.254/' }).end();
    if (req.url === '/long') return void res.end('x'.repeat(10_000));
    res.writeHead(200).end('ok');
  });
  beforeAll(() => new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ((port = (server.address() as { port: number }).port), ok()))));
  afterAll(() => new Promise((ok) => server.close(ok)));

  it('refuses loopback by address and by name (checked on the resolved address) unless private networks are allowed', async () => {
    const strict = new HttpWebhookSender(500, false);
    const before = hits;
    expect(await strict.post(`http://127.0.0.1:${port}/`, '{}', {})).toMatchObject({ ok: false, statusCode: null, response: expect.stringContaining('not a public address') });
    expect(await strict.post(`http://localhost:${port}/`, '{}', {})).toMatchObject({ ok: false, statusCode: null, response: expect.stringContaining('no public address') });
    expect(hits).toBe(before);
    expect(await new HttpWebhookSender(500, true).post(`http://localhost:${port}/`, '{}', {})).toMatchObject({ ok: true, statusCode: 200, response: 'ok' });
  });

  it('times out, does not follow redirects, and keeps only the start of a long answer', async () => {
    const sender = new HttpWebhookSender(200, true);
    expect(await sender.post(`http://127.0.0.1:${port}/slow`, '{}', {})).toMatchObject({ ok: false, statusCode: null, response: expect.stringContaining('timed out') });
    expect(await sender.post(`http://127.0.0.1:${port}/redirect`, '{}', {})).toMatchObject({ ok: false, statusCode: 302 });
    const long = await sender.post(`http://127.0.0.1:${port}/long`, '{}', {});
    expect(long.ok).toBe(true);
    expect(long.response.length).toBe(500);
  });
});
