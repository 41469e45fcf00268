import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { infraEnv, uniqueId } from '@questline/testing';
import { RedisLiveChannel } from './redis-live-channel';

jest.setTimeout(30_000);

describe('RedisLiveChannel (real Redis)', () => {
  it('publishes a batch of messages, each on its own channel, to subscribers on another instance', async () => {
    const prefix = `${uniqueId('live')}:`;
    const listener = new RedisLiveChannel(infraEnv().REDIS_URL, prefix);
    const publisher = new RedisLiveChannel(infraEnv().REDIS_URL, prefix);
    try {
      const heard = new Map<string, (string | null)[]>();
      const channels = Array.from({ length: 50 }, (_, i) => `feed:u${i}`);
      for (const c of channels) await listener.subscribe(c, (m) => heard.set(c, [...(heard.get(c) ?? []), m]));
      await publisher.publishAll(channels.map((channel, i) => ({ channel, message: JSON.stringify([{ seq: i }]) })));
      await publisher.publishAll([]);
      const deadline = Date.now() + 10_000;
      while (heard.size < channels.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(channels.map((c) => heard.get(c))).toEqual(channels.map((_, i) => [JSON.stringify([{ seq: i }])]));
    } finally {
      await listener.close();
      await publisher.close();
    }
  });

  it('rejects a batch a stalled Redis never answers, instead of waiting for ever (the consumer logs it and goes on)', async () => {
    const sockets: Socket[] = [];
    const stalled: Server = createServer((s) => void sockets.push(s)); // accepts, never replies
    await new Promise<void>((r) => stalled.listen(0, '127.0.0.1', r));
    const live = new RedisLiveChannel(`redis://127.0.0.1:${(stalled.address() as AddressInfo).port}`, 'x:');
    try {
      await expect(live.publishAll([{ channel: 'a', message: '1' }, { channel: 'b', message: '2' }])).rejects.toThrow();
    } finally {
      await live.close();
      for (const s of sockets) s.destroy();
      await new Promise((r) => stalled.close(r));
    }
  });
});
