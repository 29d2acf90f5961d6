// WAL checkpoints for the ingest processor's SQLite database, in a thread of their own (plain
// JavaScript: no TypeScript loader needed). The processor turns automatic checkpoints off on its
// connection, so its commits only append to the WAL; after each commit it asks for a PASSIVE
// checkpoint here, which copies the committed pages into the database file (and fsyncs it) while
// the processor goes on parsing the next batch. PASSIVE never blocks readers or writers.
import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';

const db = new SQLite(workerData.file);
db.pragma('busy_timeout = 5000');
let wanted = false;
let running = false;

function run() {
  running = true;
  wanted = false;
  let result;
  try {
    const [row] = db.pragma('wal_checkpoint(PASSIVE)');
    result = { type: 'done', busy: row.busy, log: row.log, checkpointed: row.checkpointed };
  } catch (e) {
    result = { type: 'done', error: e.message };
  }
  running = false;
  parentPort.postMessage(result);
  // Asked again while this one ran: go on (once) with what was committed meanwhile.
  if (wanted) setImmediate(run);
}

parentPort.on('message', (m) => {
  if (m === 'checkpoint') {
    wanted = true;
    if (!running) setImmediate(run);
  } else if (m === 'stop') {
    db.close();
    parentPort.close();
  }
});
