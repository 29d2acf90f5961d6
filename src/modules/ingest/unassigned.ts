import { rmSync } from 'node:fs';
import path from 'node:path';
import type { Deps, Ctx } from '../../platform/deps.ts';
import { AppError } from '../../platform/http/app-error.ts';
import { canReadAllCompanies } from '../../platform/auth/roles.ts';
import { audit } from '../../platform/audit/audit.ts';
import { newId } from '../../platform/ids/ids.ts';
import { ingestRepository } from './ingest.repository.ts';
import { SpoolWriter, transports, type Transport } from './spool/spool.ts';
import { IngestProcessor } from './pipeline/processor.ts';
import { registerDevice } from '../devices/registerDevice.ts';
import type { DeviceInput } from '../devices/devices.schemas.ts';

function staffOnly(ctx: Ctx) {
  if (!canReadAllCompanies(ctx.actor)) throw new AppError('forbidden', 'only staff can see lines of unregistered devices');
}

/** Unknown devices, newest first: how many lines each sent, when, from where, and one sample line. */
export async function listUnassigned(deps: Pick<Deps, 'db'>, ctx: Ctx) {
  staffOnly(ctx);
  const rows = await deps.db.kysely
    .selectFrom('unassigned_lines')
    .select((eb) => ['device_key', eb.fn.countAll<number>().as('lines'), eb.fn.min('received_at').as('first'), eb.fn.max('received_at').as('last'), eb.fn.max('vendor').as('vendor'), eb.fn.max('sender').as('sender'), eb.fn.max('raw').as('sample')])
    .groupBy('device_key')
    .orderBy('last', 'desc')
    .limit(200)
    .execute();
  return {
    items: rows.map((r) => ({ deviceKey: r.device_key, lines: Number(r.lines), firstSeen: String(r.first), lastSeen: String(r.last), vendor: (r.vendor as string | null) ?? null, sender: String(r.sender), sample: String(r.sample) })),
  };
}

/**
 * Registers the unknown device for a company and runs its queued lines through the pipeline again
 * (with their original receive times and senders), then removes them from the queue.
 */
export async function assignUnassigned(deps: Pick<Deps, 'db' | 'clock' | 'logger' | 'config'>, ctx: Ctx, companyId: string, input: DeviceInput) {
  staffOnly(ctx);
  const { device, ingestToken } = await registerDevice(deps, ctx, companyId, input);
  const reprocessed = await reprocessUnassigned(deps, input.identity);
  await audit(deps.db, deps.clock, ctx.actor, { action: 'unassigned.assigned', targetType: 'device', targetId: device.id, companyId, detail: { deviceKey: input.identity, reprocessed } });
  return { device, ingestToken, reprocessed };
}

export async function reprocessUnassigned(deps: Pick<Deps, 'db' | 'clock' | 'logger' | 'config'>, deviceKey: string): Promise<number> {
  const name = `reprocess-${newId('rp')}`;
  const dir = path.join(deps.config.dataDir, 'spool', name);
  const spool = new SpoolWriter(dir);
  const processor = new IngestProcessor(deps, { spoolDir: dir, stream: name });
  await processor.start();
  let total = 0;
  try {
    for (;;) {
      const rows = await deps.db.kysely.selectFrom('unassigned_lines').selectAll().where('device_key', '=', deviceKey).orderBy('received_at').limit(10_000).execute();
      if (rows.length === 0) break;
      for (const r of rows) {
        const transport = (transports as readonly string[]).includes(r.transport) ? (r.transport as Transport) : 'file';
        spool.append({ receivedAt: Date.parse(r.received_at), transport, sender: r.sender, line: Buffer.from(r.raw, 'utf8') });
      }
      await spool.durable();
      await processor.drain();
      await deps.db.kysely.deleteFrom('unassigned_lines').where('id', 'in', rows.map((r) => r.id)).execute();
      total += rows.length;
      if (rows.length < 10_000) break;
    }
  } finally {
    await processor.stop();
    spool.close();
    rmSync(dir, { recursive: true, force: true });
    await ingestRepository(deps.db).dropCheckpoints(name);
  }
  return total;
}
