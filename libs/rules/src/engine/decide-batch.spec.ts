import { canonicalEnvelope } from '@questline/testing';
import { parsePack } from '../pack/parse-pack';
import { MemoryProgressStore } from '../progress/progress-store';
import { decideBatch } from './decide-batch';
import { MemoryRuleHistory } from './rule-history';

const pack = parsePack(`
tenant: demo
version: 5
name: Demo
schemaNamespace: demo
currencies: [{ id: xp }]
rules:
  - { id: done, on: task.done, award: { currency: xp, amount: 10 }, limits: { perDay: 2 } }
  - { id: ping, on: task.ping, award: { currency: xp, amount: 1 }, limits: { cooldownSeconds: 3600 } }
counters:
  - { id: tasks, name: Tasks, steps: [{ on: task.done, by: 1 }], milestones: [{ at: 3, reward: { currency: xp, amount: 7 } }] }
`);
const ev = (id: string, type: string, time: string) => canonicalEnvelope({ id, type, occurredAt: `2026-11-23T${time}:00Z` });

describe('decideBatch', () => {
  it('sees every earlier decision of the batch: the same user three times against a cap of two', () => {
    const d = decideBatch(pack, [ev('a', 'task.done', '08:00'), ev('b', 'task.done', '09:00'), ev('c', 'task.done', '10:00')], new MemoryRuleHistory(), new MemoryProgressStore());
    expect([...d].map(([id, x]) => [id, x.packVersion, x.awards.map((a) => a.ruleId), x.skipped.map((s) => s.reason)])).toEqual([
      ['a', 5, ['done'], []],
      ['b', 5, ['done'], []],
      ['c', 5, ['counter:tasks'], ['cap of 2 per day reached']],
    ]);
  });

  it('decides in the order given, not by event time, and each event id once', () => {
    const late = ev('late', 'task.ping', '10:00');
    const first = ev('first', 'task.ping', '10:30');
    const d = decideBatch(pack, [first, late, first], new MemoryRuleHistory(), new MemoryProgressStore());
    expect([...d.keys()]).toEqual(['first', 'late']);
    expect(d.get('first')!.awards).toHaveLength(1);
    expect(d.get('late')!.skipped).toEqual([{ ruleId: 'ping', reason: 'cooldown of 3600 s' }]);
  });

  it('cut anywhere, the same stream gives the same decisions', () => {
    const stream = ['07', '08', '09', '10', '11'].map((h, i) => ev(`e${i}`, i % 2 ? 'task.ping' : 'task.done', `${h}:00`));
    const whole = decideBatch(pack, stream, new MemoryRuleHistory(), new MemoryProgressStore());
    for (let cut = 1; cut < stream.length; cut++) {
      const history = new MemoryRuleHistory();
      const store = new MemoryProgressStore();
      const parts = new Map([...decideBatch(pack, stream.slice(0, cut), history, store), ...decideBatch(pack, stream.slice(cut), history, store)]);
      expect(parts).toEqual(whole);
    }
  });
});
