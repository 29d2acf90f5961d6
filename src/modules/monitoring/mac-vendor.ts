import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { ouiPrefix } from '../ingest/parsing/oui.ts';

let table: Record<string, string> | null | undefined;

/**
 * MAC vendor ("Apple, Inc.") from the IEEE OUI list shipped in the `oui-data` package, loaded once
 * on first use (a long-running process names many MACs). Randomised (locally administered) MACs
 * have no vendor.
 */
export function macVendor(mac: string | null): string | null {
  if (!mac) return null;
  const prefix = ouiPrefix(mac);
  if (!prefix) return null;
  if (table === undefined) {
    try {
      table = JSON.parse(readFileSync(createRequire(import.meta.url).resolve('oui-data'), 'utf8')) as Record<string, string>;
    } catch {
      table = null;
    }
  }
  const v = table?.[prefix];
  if (!v) return null;
  const nl = v.indexOf('\n');
  return (nl < 0 ? v : v.slice(0, nl)).trim();
}
