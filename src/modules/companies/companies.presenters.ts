import type { ApplicationRow, CompanyRow, ContactRow } from './companies.repository.ts';
import type { ApplicationDto, CompanyDto, CompanySummaryDto, ContactDto } from './companies.schemas.ts';

type SummaryRow = Pick<CompanyRow, 'id' | 'name' | 'industry' | 'employees_band' | 'pc_count' | 'status' | 'maturity_group' | 'referral_route' | 'created_at'>;

export function toCompanySummary(r: SummaryRow): CompanySummaryDto {
  return {
    id: r.id,
    name: r.name,
    industry: r.industry,
    employeesBand: r.employees_band,
    pcCount: r.pc_count === null ? null : Number(r.pc_count),
    status: r.status,
    group: r.maturity_group,
    referralRoute: r.referral_route,
    createdAt: r.created_at,
  };
}

export function toCompany(r: CompanyRow): CompanyDto {
  return {
    ...toCompanySummary(r),
    sites: r.sites === null ? null : Number(r.sites),
    address: r.address,
    phone: r.phone,
    email: r.email,
    website: r.website,
    updatedAt: r.updated_at,
    withdrawalReason: r.withdrawal_reason,
    withdrawalNote: r.withdrawal_note,
  };
}

export function toContact(r: ContactRow): ContactDto {
  return { id: r.id, companyId: r.company_id, name: r.name, title: r.title, phone: r.phone, email: r.email, isPrimary: Number(r.is_primary) === 1 };
}

export function toApplication(r: ApplicationRow): ApplicationDto {
  return {
    id: r.id,
    companyName: r.company_name,
    industry: r.industry,
    employeesBand: r.employees_band,
    pcCount: Number(r.pc_count),
    sites: Number(r.sites),
    contactName: r.contact_name,
    contactTitle: r.contact_title,
    phone: r.phone,
    email: r.email,
    address: r.address,
    referralRoute: r.referral_route,
    referralNote: r.referral_note,
    status: r.status,
    createdAt: r.created_at,
    decidedAt: r.decided_at,
    decisionNote: r.decision_note,
    companyId: r.company_id,
  };
}
