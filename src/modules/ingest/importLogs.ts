import { rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Deps } from '../../platform/deps.ts';
import { AppError } from '../../platform/http/app-error.ts';
import { newId } from '../../platform/ids/ids.ts';
import { forEachLine } from './parsing/line-reader.ts';
import { ingestRepository } from './ingest.repository.ts';
import { SpoolWriter } from './spool/spool.ts';
import { IngestProcessor } from './pipeline/processor.ts';

export interface ImportProgress {
  phase: 'reading' | 'processing';
  done: number;
  total: number;
}

export interface ImportResult {
  files: number;
  lines: number;
  parsed: number;
  deadLetters: number;
  unassigned: number;
  alertsRaised: number;
}

/**
 * Imports log files (plain, gzip, or `-` for stdin) through the same spool and processor as live
 * ingest, in a spool of its own; it reports success only after every line is committed. With a
 * device id, lines that name no device of their own are attributed to that device.
 */
export async function importLogs(deps: Pick<Deps, 'db' | 'clock' | 'logger' | 'config'>, files: string[], o: { deviceId?: string; onProgress?: (p: ImportProgress) => void } = {}): Promise<ImportResult> {
  let sender = 'import';
  if (o.deviceId) {
    const d = await deps.db.kysely.selectFrom('devices').select(['identity']).where('id', '=', o.deviceId).executeTakeFirst();
    if (!d) throw new AppError('not_found', `device ${o.deviceId} not found (see: otasuke devices list)`);
    sender = d.identity;
  }
  for (const f of files) {
    if (f !== '-') {
      try {
        statSync(f);
      } catch {
        throw new AppError('validation_failed', `cannot read ${f}`);
      }
    }
  }
  const name = `import-${newId('imp')}`;
  const dir = path.join(deps.config.dataDir, 'spool', name);
  const spool = new SpoolWriter(dir);
  const processor = new IngestProcessor(deps, { spoolDir: dir, stream: name, maxBatch: 20_000 });
  await processor.start();
  const totalBytes = files.reduce((a, f) => a + (f === '-' ? 0 : statSync(f).size), 0);
  let readBytes = 0;
  let lines = 0;
  let tooLong = 0;
  try {
    for (const f of files) {
      await forEachLine(f, {
        line(s, start, end) {
          const line = Buffer.from(s.slice(start, end), 'utf8');
          spool.append({ receivedAt: Date.now(), transport: 'file', sender, line });
          lines++;
          readBytes += line.length + 1;
          if (o.onProgress && (lines & 0x3fff) === 0) o.onProgress({ phase: 'reading', done: Math.min(readBytes, totalBytes), total: totalBytes });
        },
        tooLong() {
          tooLong++;
        },
      });
    }
    await spool.durable();
    spool.close();
    while (await processor.step()) o.onProgress?.({ phase: 'processing', done: processor.stats.lines, total: lines });
    if (tooLong > 0) {
      const at = deps.clock.now().toISOString();
      const rows = Array.from({ length: tooLong }, () => ({ id: newId('dl'), device_id: o.deviceId ?? null, sender, received_at: at, reason: 'too_long', raw: '(line longer than 64 KiB; not kept)' }));
      for (let i = 0; i < rows.length; i += 400) await deps.db.kysely.insertInto('dead_letters').values(rows.slice(i, i + 400)).execute();
    }
    const s = processor.stats;
    return { files: files.length, lines: lines + tooLong, parsed: s.lines - s.deadLetters - s.unassigned, deadLetters: s.deadLetters + tooLong, unassigned: s.unassigned, alertsRaised: s.alertsRaised };
  } finally {
    await processor.stop();
    spool.close();
    rmSync(dir, { recursive: true, force: true });
    await ingestRepository(deps.db).dropCheckpoints(name);
  }
}
