import { EventEmitter } from 'node:events';

/**
 * In-process notifications between modules (e.g. "devices changed" so the ingest pipeline reloads
 * its device map at once). Across processes the same effect comes from periodic refreshes.
 */
export interface BusEvents {
  'devices.changed': [];
  'suppressions.changed': [];
}

class Bus extends EventEmitter<BusEvents> {}

export const bus = new Bus();
bus.setMaxListeners(100);
