import { retryOnDeadlock } from './prisma-client';

const deadlock = () => Object.assign(new Error('deadlock detected'), { code: '40P01' });

describe('retryOnDeadlock', () => {
  it('runs again after a deadlock, at most the attempts given; any other error is thrown at once', async () => {
    let calls = 0;
    expect(await retryOnDeadlock(async () => (++calls < 3 ? Promise.reject(deadlock()) : 'done'))).toBe('done');
    expect(calls).toBe(3);
    calls = 0;
    await expect(retryOnDeadlock(async () => (++calls, Promise.reject(deadlock())), 2)).rejects.toMatchObject({ code: '40P01' });
    expect(calls).toBe(2);
    calls = 0;
    await expect(retryOnDeadlock(async () => (++calls, Promise.reject(Object.assign(new Error('unique'), { code: '23505' }))))).rejects.toMatchObject({ code: '23505' });
    expect(calls).toBe(1);
  });
});
