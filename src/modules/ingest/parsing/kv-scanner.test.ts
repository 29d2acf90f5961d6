import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { collectKv, KvCursor } from './kv-scanner.ts';

const pairs = (s: string) => collectKv(s).pairs;

describe('key=value scanner', () => {
  it('reads bare, double-quoted and single-quoted values', () => {
    assert.deepEqual(pairs(`proto=tcp/https msg="Web site hit" appName='General HTTPS' n=7`), [
      ['proto', 'tcp/https'],
      ['msg', 'Web site hit'],
      ['appName', 'General HTTPS'],
      ['n', '7'],
    ]);
  });

  it('keeps duplicate keys in order (SonicWall msg, FortiAnalyzer tz)', () => {
    assert.deepEqual(pairs(`msg="IPS Detection Alert: Echo, SID: 9, Priority: Low" msg="IPS Detection Alert: Echo" tz="UTC+9:00" tz="+0900"`), [
      ['msg', 'IPS Detection Alert: Echo, SID: 9, Priority: Low'],
      ['msg', 'IPS Detection Alert: Echo'],
      ['tz', 'UTC+9:00'],
      ['tz', '+0900'],
    ]);
  });

  it('keeps = inside bare values and reads empty values', () => {
    assert.deepEqual(pairs(`arg=/cgi-bin/a.php?host=x&y=1 date= desc="" code=49`), [
      ['arg', '/cgi-bin/a.php?host=x&y=1'],
      ['date', ''],
      ['desc', ''],
      ['code', '49'],
    ]);
    assert.deepEqual(pairs('last='), [['last', '']]);
  });

  it('undoes escaped quotes and backslashes inside quoted values', () => {
    assert.deepEqual(pairs(`user="a \\"b\\" c" susr="EXAMPLE\\\\user1" next=1`), [
      ['user', 'a "b" c'],
      ['susr', 'EXAMPLE\\user1'],
      ['next', '1'],
    ]);
  });

  it('keeps inner quotes that are not followed by a key (attacker strings)', () => {
    assert.deepEqual(pairs(`msg="he said "hi" there" url="/x?q="><script>" n=1`), [
      ['msg', 'he said "hi" there'],
      ['url', '/x?q="><script>'],
      ['n', '1'],
    ]);
    assert.deepEqual(pairs(`user="\${exploit_user_name" action=login`), [
      ['user', '${exploit_user_name'],
      ['action', 'login'],
    ]);
  });

  it('keeps trailing spaces inside quotes and tolerates double spaces between pairs', () => {
    assert.deepEqual(pairs(`note="Policy: cfsZonePolicy0, Info: 6148 "   ipspri=3  n=174072`), [
      ['note', 'Policy: cfsZonePolicy0, Info: 6148 '],
      ['ipspri', '3'],
      ['n', '174072'],
    ]);
  });

  it('reads a value whose backslash precedes the closing quote literally', () => {
    assert.deepEqual(pairs(`path="C:\\dir\\" size=3`), [
      ['path', 'C:\\dir\\'],
      ['size', '3'],
    ]);
  });

  it('falls back to the first quote before white space when no key follows any', () => {
    assert.deepEqual(pairs(`msg="abc" trailing words`), [['msg', 'abc']]);
  });

  it('skips tokens that are not pairs (relay junk, free text)', () => {
    assert.deepEqual(pairs(`junk "two words" =x a=1 :b=2 c=3`), [
      ['a', '1'],
      ['c', '3'],
    ]);
  });

  it('reports an unbalanced quote instead of guessing', () => {
    const r = collectKv(`a=1 msg="never closed n=2`);
    assert.equal(r.error, 'unbalanced_quote');
    assert.deepEqual(r.pairs, [['a', '1']]);
    assert.equal(collectKv(`appName='General`).error, 'unbalanced_quote');
  });

  it('scans a range of a larger string without reading outside it', () => {
    const s = 'XXa=1 b="two"YY';
    assert.deepEqual(collectKv(s, 2, 13).pairs, [
      ['a', '1'],
      ['b', 'two'],
    ]);
  });

  it('flags control characters', () => {
    const c = new KvCursor().reset('a=1\u0001x b=2');
    while (c.next());
    assert.equal(c.sawControl, true);
  });

  it('stays linear on pathological input', () => {
    const cases = [
      '='.repeat(100_000),
      '"'.repeat(100_000),
      'a="'.repeat(40_000),
      'a=" '.repeat(40_000),
      `k="${'x" '.repeat(40_000)}`,
      `k="${'\\'.repeat(100_001)}`,
      `k="${'\\" b=" '.repeat(20_000)}`,
      'a'.repeat(100_000) + '=',
      ' '.repeat(100_000),
    ];
    // A quadratic scan of these would hang the test run; a linear one returns at once.
    for (const s of cases) {
      const r = collectKv(s);
      assert.ok(Array.isArray(r.pairs));
      assert.ok(r.error === null || r.error === 'unbalanced_quote');
    }
    assert.equal(collectKv('a="x '.repeat(40_000)).error, 'unbalanced_quote');
  });
});
