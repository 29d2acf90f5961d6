import dgram from 'node:dgram';
import net from 'node:net';
import tls from 'node:tls';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Sends each line as one datagram to 127.0.0.1. */
export async function sendUdp(port: number, lines: string[]): Promise<void> {
  const s = dgram.createSocket('udp4');
  for (const l of lines) await new Promise<void>((resolve, reject) => s.send(Buffer.from(l), port, '127.0.0.1', (e) => (e ? reject(e) : resolve())));
  s.close();
}

/** RFC 6587 over one TCP (or TLS) connection, LF-terminated or octet-counted. */
export function frame(lines: string[], framing: 'lf' | 'octet'): Buffer {
  return Buffer.concat(lines.map((l) => (framing === 'lf' ? Buffer.from(`${l}\n`) : Buffer.from(`${Buffer.byteLength(l)} ${l}`))));
}

export async function sendTcp(port: number, data: Buffer, chunk = 0): Promise<void> {
  const s = net.connect(port, '127.0.0.1');
  await new Promise<void>((r, j) => (s.once('connect', r), s.once('error', j)));
  if (chunk > 0) for (let i = 0; i < data.length; i += chunk) await new Promise<void>((r) => s.write(data.subarray(i, i + chunk), () => r()));
  else s.write(data);
  await new Promise<void>((r) => s.end(r));
}

export async function sendTls(port: number, ca: Buffer, data: Buffer): Promise<void> {
  const s = tls.connect({ port, host: '127.0.0.1', ca, servername: 'localhost', checkServerIdentity: () => undefined });
  await new Promise<void>((r, j) => (s.once('secureConnect', r), s.once('error', j)));
  await new Promise<void>((r) => s.end(data, r));
}

/** A throwaway self-signed certificate (openssl) for the TLS receiver. */
export function selfSignedCert(): { certFile: string; keyFile: string; cert: Buffer } {
  const dir = mkdtempSync(path.join(tmpdir(), 'otasuke-tls-'));
  const certFile = path.join(dir, 'cert.pem');
  const keyFile = path.join(dir, 'key.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '2', '-subj', '/CN=localhost'], { stdio: 'ignore' });
  return { certFile, keyFile, cert: readFileSync(certFile) };
}

export async function waitFor<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
