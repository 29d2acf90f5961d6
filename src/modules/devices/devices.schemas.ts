import { z } from 'zod';
import ipaddr from 'ipaddr.js';

export const vendors = ['sonicwall', 'fortigate', 'yamaha', 'cef', 'json'] as const;
export type Vendor = (typeof vendors)[number];

const cidr = z
  .string()
  .trim()
  .refine((v) => {
    try {
      ipaddr.parseCIDR(v);
      return true;
    } catch {
      return false;
    }
  }, 'not a CIDR prefix, e.g. 192.168.1.0/24');

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const deviceInput = z.strictObject({
  vendor: z.enum(vendors),
  identity: z.string().trim().min(1).max(100).regex(/^[A-Za-z0-9._:\-]+$/, 'a serial number or an IP address'),
  name: z.string().trim().min(1).max(100).optional(),
  timezone: z.string().trim().default('Asia/Tokyo').refine(isTimeZone, 'unknown time zone (e.g. Asia/Tokyo)'),
  lanCidrs: z.array(cidr).max(50).default([]),
});
export type DeviceInput = z.input<typeof deviceInput>;

export const deviceDto = z.object({
  id: z.string(),
  companyId: z.string(),
  vendor: z.string(),
  identity: z.string(),
  identityKind: z.enum(['serial', 'sender_ip']),
  name: z.string().nullable(),
  timezone: z.string(),
  lanCidrs: z.array(z.string()),
  createdAt: z.string(),
  lastSeenAt: z.string().nullable(),
});
export type DeviceDto = z.infer<typeof deviceDto>;

export function identityKind(identity: string): 'serial' | 'sender_ip' {
  return ipaddr.isValid(identity) ? 'sender_ip' : 'serial';
}
