import dgram from 'node:dgram';
import net from 'node:net';
import tls from 'node:tls';
import type { Logger } from 'pino';
import { senderBytes, transports, type SpoolWriter, type Transport } from '../spool/spool.ts';
import { SyslogFramer } from './framing.ts';

export interface ReceiverCounters {
  udpMessages: number;
  tcpFrames: number;
  tlsFrames: number;
  oversize: number;
  badLength: number;
  connections: number;
  idleTimeouts: number;
}

export interface SyslogReceiverOptions {
  host: string;
  /** UDP and TCP port (RFC 5426 / RFC 6587). */
  port: number;
  /** TLS port (RFC 5425), when a certificate is configured. */
  tlsPort?: number;
  tlsCert?: string | Buffer;
  tlsKey?: string | Buffer;
  maxFrameBytes?: number;
  idleTimeoutMs?: number;
  udpReceiveBufferBytes?: number;
  /** Called after lines were appended to the spool (to wake the processor). */
  onAppend?: () => void;
  logger?: Pick<Logger, 'info' | 'warn'>;
}

export interface RunningReceivers {
  counters: ReceiverCounters;
  udpPort: number;
  tcpPort: number;
  tlsPort?: number;
  close(): Promise<void>;
}

/** Length of a datagram without its trailing LF, CR and NUL bytes. */
function trimmedLength(msg: Buffer): number {
  let end = msg.length;
  while (end > 0) {
    const c = msg[end - 1]!;
    if (c !== 0x0a && c !== 0x0d && c !== 0x00) break;
    end--;
  }
  return end;
}

const UDP = transports.indexOf('udp');

function clientAddress(addr: string | undefined): string {
  if (!addr) return 'unknown';
  return addr.startsWith('::ffff:') ? addr.slice(7) : addr;
}

/** Syslog over UDP, TCP and (optionally) TLS; every message goes to the spool with its receive time and sender. */
export async function startSyslogReceivers(spool: SpoolWriter, o: SyslogReceiverOptions): Promise<RunningReceivers> {
  const counters: ReceiverCounters = { udpMessages: 0, tcpFrames: 0, tlsFrames: 0, oversize: 0, badLength: 0, connections: 0, idleTimeouts: 0 };
  const maxFrame = o.maxFrameBytes ?? 64 * 1024;
  const idle = o.idleTimeoutMs ?? 5 * 60_000;
  let pokeScheduled = false;
  const poke = () => {
    if (pokeScheduled || !o.onAppend) return;
    pokeScheduled = true;
    setImmediate(() => {
      pokeScheduled = false;
      o.onAppend?.();
    });
  };

  const udp = dgram.createSocket({ type: o.host.includes(':') ? 'udp6' : 'udp4', recvBufferSize: o.udpReceiveBufferBytes ?? 8 << 20 });
  // Sender addresses as stored in the spool, by the address string the socket reports (bounded).
  const senders = new Map<string, Buffer>();
  const senderOf = (address: string) => {
    let b = senders.get(address);
    if (!b) {
      if (senders.size >= 10_000) senders.clear();
      senders.set(address, (b = senderBytes(clientAddress(address))));
    }
    return b;
  };
  udp.on('message', (msg, rinfo) => {
    const end = trimmedLength(msg);
    if (end === 0) return;
    if (end > maxFrame) {
      counters.oversize++;
      return;
    }
    counters.udpMessages++;
    spool.appendLine(msg, 0, end, Date.now(), UDP, senderOf(rinfo.address));
    poke();
  });
  udp.on('error', (err) => o.logger?.warn({ err: err.message }, 'syslog UDP error'));
  await new Promise<void>((resolve, reject) => {
    udp.once('error', reject);
    udp.bind(o.port, o.host, () => {
      udp.off('error', reject);
      resolve();
    });
  });

  const sockets = new Set<net.Socket>();
  const handle = (socket: net.Socket, transport: Transport) => {
    counters.connections++;
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    const sender = senderBytes(clientAddress(socket.remoteAddress));
    const t = transports.indexOf(transport);
    // One receive time for all frames of a read.
    let receivedAt = 0;
    const framer = new SyslogFramer((buf, start, end) => {
      if (transport === 'tls') counters.tlsFrames++;
      else counters.tcpFrames++;
      spool.appendLine(buf, start, end, receivedAt, t, sender);
    }, maxFrame);
    socket.setTimeout(idle);
    socket.on('timeout', () => {
      counters.idleTimeouts++;
      socket.destroy();
    });
    socket.on('data', (chunk: Buffer) => {
      receivedAt = Date.now();
      framer.push(chunk);
      poke();
    });
    const done = () => {
      receivedAt = Date.now();
      framer.end();
      counters.oversize += framer.stats.oversize;
      counters.badLength += framer.stats.badLength;
      poke();
    };
    socket.once('end', done);
    socket.on('error', () => socket.destroy());
  };

  const tcp = net.createServer((s) => handle(s, 'tcp'));
  await new Promise<void>((resolve, reject) => {
    tcp.once('error', reject);
    tcp.listen(o.port, o.host, () => resolve());
  });

  let tlsServer: tls.Server | undefined;
  if (o.tlsPort !== undefined && o.tlsCert && o.tlsKey) {
    tlsServer = tls.createServer({ cert: o.tlsCert, key: o.tlsKey, minVersion: 'TLSv1.2' }, (s) => handle(s, 'tls'));
    await new Promise<void>((resolve, reject) => {
      tlsServer!.once('error', reject);
      tlsServer!.listen(o.tlsPort, o.host, () => resolve());
    });
  }

  const port = (tcp.address() as net.AddressInfo).port;
  return {
    counters,
    udpPort: udp.address().port,
    tcpPort: port,
    ...(tlsServer ? { tlsPort: (tlsServer.address() as net.AddressInfo).port } : {}),
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => udp.close(() => r()));
      await new Promise<void>((r) => tcp.close(() => r()));
      if (tlsServer) await new Promise<void>((r) => tlsServer!.close(() => r()));
    },
  };
}
