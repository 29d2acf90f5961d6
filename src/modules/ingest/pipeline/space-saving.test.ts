import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SpaceSaving } from './space-saving.ts';

describe('Space-Saving top-K', () => {
  it('finds the heavy hitters in a long tail with bounded memory', () => {
    const s = new SpaceSaving(20);
    for (let i = 0; i < 50_000; i++) {
      s.add(`198.51.100.${i % 3}`); // three heavy sources, 1/4 of the traffic
      s.add(`203.0.113.${i % 200}`, 1);
      s.add(`192.0.2.${(i * 7919) % 251}`);
      s.add(`10.${i % 256}.${(i >> 8) % 256}.1`);
    }
    const top = s.top(3).map(([k]) => k).sort();
    assert.deepEqual(top, ['198.51.100.0', '198.51.100.1', '198.51.100.2']);
    assert.ok(s.top().length <= 20);
  });
});
