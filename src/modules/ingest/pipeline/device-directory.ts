import type { Db } from '../../../platform/db/database.ts';
import { bus } from '../../../platform/events/bus.ts';
import type { ParseContext } from '../parsing/index.ts';

export interface KnownDevice {
  id: string;
  companyId: string;
  vendor: string;
  identity: string;
  /** The parse context for this device's lines (time zone, LAN prefixes, vendor hint); reused so its compiled form is cached. */
  ctx: ParseContext;
}

/**
 * Registered devices by identity (serial or sender address), held in memory for the hot path and
 * refreshed from the database now and then, or soon after a line from an unknown device arrives.
 */
export class DeviceDirectory {
  private byIdentity = new Map<string, KnownDevice>();
  private loadedAt = 0;
  private stale = true;
  private readonly onChange = () => {
    this.stale = true;
  };

  constructor(
    private readonly db: Db,
    private readonly maxAgeMs = 5_000,
  ) {
    bus.on('devices.changed', this.onChange);
  }

  close() {
    bus.off('devices.changed', this.onChange);
  }

  async refresh(): Promise<void> {
    const rows = await this.db.kysely.selectFrom('devices').select(['id', 'company_id', 'vendor', 'identity', 'timezone', 'lan_cidrs']).execute();
    const next = new Map<string, KnownDevice>();
    for (const r of rows) {
      const old = this.byIdentity.get(r.identity);
      const lanCidrs = JSON.parse(r.lan_cidrs) as string[];
      const same = old && old.id === r.id && old.ctx.timezone === r.timezone && JSON.stringify(old.ctx.lanCidrs) === r.lan_cidrs;
      next.set(r.identity, same ? old : { id: r.id, companyId: r.company_id, vendor: r.vendor, identity: r.identity, ctx: { timezone: r.timezone, lanCidrs, vendorHint: r.vendor } });
    }
    this.byIdentity = next;
    this.loadedAt = Date.now();
    this.stale = false;
  }

  /**
   * Refreshes when a device changed in this process, or the map is old; `soon` (an unknown device
   * was seen) shortens the wait to a second. Returns whether it reloaded.
   */
  async maybeRefresh(soon = false): Promise<boolean> {
    const age = Date.now() - this.loadedAt;
    if (!this.stale && age <= this.maxAgeMs && !(soon && age > 1_000)) return false;
    await this.refresh();
    return true;
  }

  get(identity: string | null | undefined): KnownDevice | undefined {
    return identity ? this.byIdentity.get(identity) : undefined;
  }
}
