import { z } from 'zod';
import ipaddr from 'ipaddr.js';

export const alertStatuses = ['new', 'acknowledged', 'closed'] as const;

export const alertDto = z.object({
  id: z.string(),
  companyId: z.string(),
  companyName: z.string().nullable(),
  deviceId: z.string().nullable(),
  category: z.string(),
  status: z.string(),
  hostIp: z.string().nullable(),
  hostMac: z.string().nullable(),
  hostVendor: z.string().nullable(),
  hostName: z.string().nullable(),
  remoteIp: z.string().nullable(),
  remoteOrg: z.string().nullable(),
  count: z.number(),
  firstSeen: z.string(),
  lastSeen: z.string(),
  assigneeId: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type AlertDto = z.infer<typeof alertDto>;

export const alertListQuery = z.strictObject({
  companyId: z.string().max(64).optional(),
  status: z.enum(alertStatuses).optional(),
  category: z.string().max(40).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const alertPatch = z.strictObject({
  status: z.enum(alertStatuses).optional(),
  assigneeId: z.string().max(64).nullable().optional(),
});

const cidrList = z
  .string()
  .trim()
  .max(2000)
  .refine((v) => v.split(',').every((c) => {
    try {
      const t = c.trim();
      if (t.includes('/')) ipaddr.parseCIDR(t);
      else ipaddr.parse(t);
      return true;
    } catch {
      return false;
    }
  }), 'addresses or CIDR prefixes separated by commas, e.g. 142.250.0.0/15,172.217.0.0/16');

export const suppressionInput = z
  .strictObject({
    companyId: z.string().max(64).nullable().optional(),
    category: z.string().max(40).nullable().optional(),
    hostCidr: cidrList.nullable().optional(),
    remoteCidr: cidrList.nullable().optional(),
    remoteOrg: z.string().trim().max(200).nullable().optional(),
    reason: z.string().trim().min(1, 'say why this is benign').max(1000),
    expiresAt: z.iso.datetime({ offset: true }).nullable().optional(),
  })
  .refine((v) => v.category || v.hostCidr || v.remoteCidr || v.remoteOrg, { message: 'a rule must name at least a category, a host, a remote address or a remote organisation', path: ['category'] });

export const suppressionDto = z.object({
  id: z.string(),
  companyId: z.string().nullable(),
  category: z.string().nullable(),
  hostCidr: z.string().nullable(),
  remoteCidr: z.string().nullable(),
  remoteOrg: z.string().nullable(),
  reason: z.string(),
  authorId: z.string().nullable(),
  authorEmail: z.string().nullable(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
