import { CidrSet } from '../ingest/parsing/index.ts';
import type { Db } from '../../platform/db/database.ts';

export interface SuppressionRule {
  id: string;
  companyId: string | null;
  category: string | null;
  hostCidr: string | null;
  remoteCidr: string | null;
  remoteOrg: string | null;
  expiresAt: string | null;
}

interface Compiled {
  rule: SuppressionRule;
  host: CidrSet | null;
  remote: CidrSet | null;
  expiresMs: number;
}

/**
 * Active suppression rules, compiled for the hot path. A line matches a rule when every field the
 * rule sets matches (company, category, internal host CIDR, remote CIDR); expired rules never match.
 * Rules naming a remote organisation match only once the remote's organisation is known.
 */
export class SuppressionSet {
  private rules: Compiled[] = [];

  constructor(rules: SuppressionRule[] = []) {
    this.set(rules);
  }

  set(rules: SuppressionRule[]) {
    this.rules = rules.map((rule) => ({
      rule,
      host: rule.hostCidr ? new CidrSet([rule.hostCidr]) : null,
      remote: rule.remoteCidr ? new CidrSet(rule.remoteCidr.split(',')) : null,
      expiresMs: rule.expiresAt ? Date.parse(rule.expiresAt) : Infinity,
    }));
  }

  get size() {
    return this.rules.length;
  }

  /** Whether a rule names a remote organisation (the caller then looks the remote address up). */
  get needsOrg() {
    return this.rules.some((c) => c.rule.remoteOrg);
  }

  match(companyId: string, category: string, hostIp: string | null, remoteIp: string | null, nowMs: number, remoteOrg: string | null = null): SuppressionRule | null {
    for (const c of this.rules) {
      const r = c.rule;
      if (c.expiresMs <= nowMs) continue;
      if (r.companyId && r.companyId !== companyId) continue;
      if (r.category && r.category !== category) continue;
      if (c.host && (!hostIp || !c.host.contains(hostIp))) continue;
      if (c.remote && (!remoteIp || !c.remote.contains(remoteIp))) continue;
      if (r.remoteOrg && (!remoteOrg || remoteOrg.toLowerCase() !== r.remoteOrg.toLowerCase())) continue;
      return r;
    }
    return null;
  }
}

export async function loadActiveSuppressions(db: Db, nowIso: string): Promise<SuppressionRule[]> {
  const rows = await db.kysely
    .selectFrom('suppression_rules')
    .select(['id', 'company_id', 'category', 'host_cidr', 'remote_cidr', 'remote_org', 'expires_at'])
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', nowIso)]))
    .execute();
  return rows.map((r) => ({ id: r.id, companyId: r.company_id, category: r.category, hostCidr: r.host_cidr, remoteCidr: r.remote_cidr, remoteOrg: r.remote_org, expiresAt: r.expires_at }));
}
