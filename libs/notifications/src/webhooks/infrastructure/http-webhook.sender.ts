import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import type { AttemptResult, WebhookSender } from '../domain/webhook';

const SNIPPET = 500;

/** Whether an address is on the public internet (not loopback, private, link-local, CGNAT, multicast, reserved…). */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  return parsed.range() === 'unicast';
}

export class BlockedAddressError extends Error {}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * POSTs a webhook with Node's own HTTP client. Unless private networks are allowed, the address
 * actually connected to must be public: the check runs inside the connection's DNS lookup, so a
 * name that resolves (or re-resolves) inside the network is refused, and an IP literal is checked
 * before connecting. Redirects are not followed (a 3xx is a failed attempt). Only the first 500
 * characters of an answer are read.
 */
export class HttpWebhookSender implements WebhookSender {
  // Kept-alive connections per receiver: a busy endpoint is not a TCP (and TLS) handshake per delivery.
  private readonly agents = { http: new HttpAgent({ keepAlive: true, maxSockets: 64, timeout: 60_000 }), https: new HttpsAgent({ keepAlive: true, maxSockets: 64, timeout: 60_000 }) };

  constructor(
    private readonly timeoutMs: number,
    private readonly allowPrivate: boolean,
  ) {}

  post(url: string, body: string, headers: Record<string, string>): Promise<AttemptResult> {
    const started = performance.now();
    const done = (ok: boolean, statusCode: number | null, response: string): AttemptResult => ({ ok, statusCode, latencyMs: Math.round(performance.now() - started), response: response.slice(0, SNIPPET) });
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return Promise.resolve(done(false, null, 'invalid URL'));
    }
    const host = target.hostname.replace(/^\[|\]$/g, '');
    if (!this.allowPrivate && isIP(host) && !isPublicAddress(host)) return Promise.resolve(done(false, null, `blocked: ${host} is not a public address`));
    const allowPrivate = this.allowPrivate;
    const lookup = (hostname: string, options: LookupOptions, cb: LookupCallback) => {
      dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
        if (err) return cb(err, '');
        const list = addresses as LookupAddress[];
        const usable = allowPrivate ? list : list.filter((a) => isPublicAddress(a.address));
        if (usable.length === 0) return cb(new BlockedAddressError(`blocked: ${hostname} resolves to no public address`), '');
        if (options.all) return cb(null, usable);
        cb(null, usable[0]!.address, usable[0]!.family);
      });
    };
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve) => {
      let settled = false;
      const finish = (r: AttemptResult) => {
        if (!settled) {
          settled = true;
          resolve(r);
        }
      };
      const agent = target.protocol === 'https:' ? this.agents.https : this.agents.http;
      const req = send(target, { method: 'POST', agent, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, lookup: lookup as never, timeout: this.timeoutMs }, (res) => {
        const status = res.statusCode ?? 0;
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
          if (text.length >= SNIPPET) res.destroy();
        });
        const end = () => finish(done(status >= 200 && status < 300, status, text));
        res.on('end', end);
        res.on('close', end);
        res.on('error', end);
      });
      req.on('timeout', () => req.destroy(new Error(`timed out after ${this.timeoutMs} ms`)));
      req.on('error', (err) => finish(done(false, null, err instanceof BlockedAddressError ? err.message : `${(err as NodeJS.ErrnoException).code ?? 'error'}: ${err.message}`)));
      req.end(body);
    });
  }
}
