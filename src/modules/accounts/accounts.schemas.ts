import { z } from 'zod';
import { allRoles, companyRoles } from '../../platform/auth/roles.ts';
import { emailSchema } from '../companies/companies.schemas.ts';
import type { UserRow } from './accounts.repository.ts';

export const loginInput = z.strictObject({
  email: z.string().trim().toLowerCase().min(1).max(254),
  password: z.string().min(1).max(200),
  totp: z.string().trim().max(10).optional(),
});

export const userInviteInput = z.strictObject({
  email: emailSchema,
  name: z.string().trim().min(1).max(80),
  role: z.enum(allRoles),
  companyId: z.string().max(64).optional(),
});
export const companyUserInviteInput = z.strictObject({
  email: emailSchema,
  name: z.string().trim().min(1).max(80),
  role: z.enum(companyRoles),
});
export const mePatch = z.strictObject({
  locale: z.enum(['ja', 'en']).optional(),
  name: z.string().trim().min(1).max(80).optional(),
});
export const resetRequest = z.strictObject({ email: z.string().trim().toLowerCase().max(254) });
export const resetConfirm = z.strictObject({ token: z.string().min(10).max(200), password: z.string().min(1).max(200) });
export const totpCodeInput = z.strictObject({ code: z.string().trim().regex(/^\d{6}$/, '6 digits') });

export const userDto = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.string(),
  companyId: z.string().nullable(),
  status: z.string(),
  locale: z.string(),
  totpEnabled: z.boolean(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
});
export type UserDto = z.infer<typeof userDto>;

export const meDto = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.string(),
  companyId: z.string().nullable(),
  companyName: z.string().nullable(),
  locale: z.string(),
  totpEnabled: z.boolean(),
  totpRequired: z.boolean(),
  csrfToken: z.string(),
});
export type MeDto = z.infer<typeof meDto>;

export function toUser(r: UserRow): UserDto {
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    role: r.role,
    companyId: r.company_id,
    status: r.status,
    locale: r.locale,
    totpEnabled: Number(r.totp_enabled) === 1,
    lastLoginAt: r.last_login_at,
    createdAt: r.created_at,
  };
}
