import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from './config.ts';

const dir = () => mkdtempSync(path.join(tmpdir(), 'otasuke-config-'));

describe('configuration', () => {
  it('fails fast with a clear message when no session secret is configured and none may be generated', () => {
    assert.throws(() => loadConfig({ env: { OTASUKE_DATA_DIR: dir() } }), (e: Error) => e instanceof ConfigError && /sessionSecret/.test(e.message) && /OTASUKE_SESSION_SECRET/.test(e.message));
  });

  it('generates and stores a session secret on first run (mode 0600) and reuses it', () => {
    const d = dir();
    const a = loadConfig({ env: { OTASUKE_DATA_DIR: d }, generateSecret: true });
    const file = path.join(d, 'secret.key');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(readFileSync(file, 'utf8').trim(), a.sessionSecret);
    const b = loadConfig({ env: { OTASUKE_DATA_DIR: d } });
    assert.equal(b.sessionSecret, a.sessionSecret);
  });

  it('reads OTASUKE_* variables over the config file and rejects bad values by name', () => {
    const d = dir();
    writeFileSync(path.join(d, 'config.json'), JSON.stringify({ port: 9000, mail: { from: 'file@x.jp' }, sessionSecret: 's'.repeat(40) }));
    const c = loadConfig({ env: { OTASUKE_DATA_DIR: d, OTASUKE_PORT: '9100' } });
    assert.equal(c.port, 9100);
    assert.equal(c.mail.from, 'file@x.jp');
    assert.throws(() => loadConfig({ env: { OTASUKE_DATA_DIR: d, OTASUKE_PORT: 'eighty' } }), /port/);
    assert.throws(() => loadConfig({ env: { OTASUKE_DATA_DIR: d, OTASUKE_SESSION_SECRET: 'short' } }), /at least 32/);
  });

  it('takes DATABASE_URL for PostgreSQL and --data for the embedded database', () => {
    const d = dir();
    const c = loadConfig({ env: { DATABASE_URL: 'postgres://u@127.0.0.1/x', OTASUKE_SESSION_SECRET: 'x'.repeat(32) }, overrides: { dataDir: d } });
    assert.equal(c.databaseUrl, 'postgres://u@127.0.0.1/x');
    assert.equal(c.dataDir, path.resolve(d));
  });
});
