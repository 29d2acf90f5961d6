// The assessment API (docs/api-assessment.md): pre-survey and grouping, the self-assessment with its
// draft and history, SECURITY ACTION (self-declared) and the roadmap. Shapes as the contract gives them,
// loose where the server may add fields; queries that answer 404 for "none yet" resolve to null.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from './api';
import type { Me } from './types';

export type Group = 'A' | 'B' | 'C';
export type Ypn = 'yes' | 'partial' | 'no';
export type AnswerValue = 'yes' | 'partial' | 'no' | 'unknown' | 'na';
export type Part = 'basic' | 'employee' | 'organization' | 'extension';
export type CsfFunction = 'GV' | 'ID' | 'PR' | 'DE' | 'RS' | 'RC';
export type IpaBand = 'perfect' | 'mostly' | 'gaps' | 'critical';
export type DeviceKind = 'onprem_utm' | 'cloud_utm' | 'none' | 'needs_check';
export type SaLevel = 'none' | 'one_star' | 'two_star';

export const CSF_FUNCTIONS: readonly CsfFunction[] = ['GV', 'ID', 'PR', 'DE', 'RS', 'RC'];
export const PARTS: readonly Part[] = ['basic', 'employee', 'organization', 'extension'];
export const GROUPS: readonly Group[] = ['A', 'B', 'C'];
export const BANDS: readonly IpaBand[] = ['perfect', 'mostly', 'gaps', 'critical'];
export const ANSWERS: readonly AnswerValue[] = ['yes', 'partial', 'no', 'unknown', 'na'];
export const YPN: readonly Ypn[] = ['yes', 'partial', 'no'];
export const CORE_COUNT = 25;

export interface PresurveyQuestion {
  id: string;
  axis: string;
  text: string;
  kind: 'ypn' | 'checklist' | 'flags' | 'facts';
  options?: { id: string | number; text: string }[];
}

export interface Item {
  id: string;
  part: Part;
  text: string;
  help?: string;
  ipaItem?: number;
  naAllowed: boolean;
  csf: string[];
  cisIg1: string[];
  importance: number;
}

export interface QuestionBank {
  presurvey: PresurveyQuestion[];
  items: Item[];
}

export interface S8Flags {
  oneStar: boolean;
  twoStar: boolean;
  isms: boolean;
  pmark: boolean;
  insurance: boolean;
}

export type Tri = 'yes' | 'no' | 'unknown';
export type IspLine = 'fiber' | 'closed_network' | 'mobile' | 'other';

export interface Facts {
  pcCount: number;
  servers: number;
  wifi: boolean;
  cloudServices: string[];
  routerMaker: string;
  routerPasswordChanged: Tri;
  existingUtm: boolean;
  edr: boolean;
  ispLine: IspLine;
  vpnBetweenSites: boolean;
  allPcsOnNonVpnWifi: boolean;
  routerIkev2: Tri;
}

export interface PresurveyAnswers {
  S1: Ypn;
  S2: Ypn;
  S3: Ypn;
  S4: number[];
  S5: Ypn;
  S6: Ypn;
  S7: Ypn;
  S8: S8Flags;
}

export interface GroupOverride {
  group: Group;
  reason: string;
  by: string;
  at: string;
}

export interface PresurveyResult {
  id: string;
  createdAt: string;
  org: number;
  meas: number;
  group: Group;
  groupReasons: string[];
  deviceRecommendation: { kind: DeviceKind; reasons: string[] };
  readinessFlags: string[];
  override: GroupOverride | null;
  /** Not in the contract's answer; used to fill the form again when the server sends them. */
  answers?: Partial<PresurveyAnswers>;
  facts?: Partial<Facts>;
}

export interface Draft {
  answers: Record<string, AnswerValue>;
  updatedAt: string | null;
  answered: number;
  total: number;
}

export interface FunctionScore {
  pct: number;
  coverage: number;
  answered: number;
  label: 'initial' | 'partial' | 'established' | 'advanced' | string;
}

export interface Advice {
  itemId: string;
  priority: number;
  text: string;
  service: string;
  unknown: boolean;
}

export interface AssessmentResult {
  id: string;
  version: number;
  createdAt: string;
  ipaScore: number;
  ipaBand: IpaBand;
  byFunction: Record<CsfFunction, FunctionScore>;
  confidence: number;
  unknownItems: string[];
  part1Subtotal: number;
  advice: Advice[];
  twoStarEvidence: boolean;
  assessedGroup: Group;
  groupReasons: string[];
  onBehalf: boolean;
}

export interface AssessmentDelta {
  previousId: string;
  ipaScore: number;
  byFunction: Partial<Record<CsfFunction, number>>;
  items: { id: string; from: AnswerValue | null; to: AnswerValue | null }[];
}

export interface AssessmentDetail extends AssessmentResult {
  answers: Record<string, AnswerValue>;
  delta: AssessmentDelta | null;
}

export interface AssessmentSummary {
  id: string;
  version: number;
  createdAt: string;
  ipaScore: number;
  ipaBand: IpaBand;
  byFunction: Record<CsfFunction, { pct: number } & Partial<FunctionScore>>;
}

export interface Distribution {
  companies: number;
  bands: Record<IpaBand, number>;
  byGroup: Partial<Record<Group, { n: number; avgScore: number | null; byFunction: Partial<Record<CsfFunction, number>> }>>;
  histogram: { from: number; to: number; n: number }[];
}

export interface SecurityAction {
  level: SaLevel;
  declarationId: string | null;
  declaredAt: string | null;
  evidence: {
    fiveArticles: (Partial<Record<'1' | '2' | '3' | '4' | '5', boolean>> & { committedAt?: string | null }) | null;
    selfDiagnosis: { assessmentId: string; completedAt: string; ipaScore: number } | null;
    basicPolicy: { approvedBy: string; approvedAt: string; publishedUrl?: string | null; publishedAt?: string | null } | null;
  };
  eligibility: { oneStar: boolean; twoStar: boolean; missing: string[] };
  history: { level: SaLevel; at: string }[];
}

export interface RoadmapStep {
  phase: number;
  key: string;
  title: string;
  why: string;
  effort: string;
  service: string;
  done: boolean;
  csf: string[];
}

export interface Roadmap {
  group: Group | null;
  steps: RoadmapStep[];
}

/** A GET that answers 404 when there is nothing yet (latest pre-survey, latest assessment). */
async function orNull<T>(p: Promise<T>): Promise<T | null> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return null;
    throw e;
  }
}

export const keys = {
  questions: (locale: string) => ['assessment-questions', locale] as const,
  presurvey: (id: string) => ['presurvey', id] as const,
  draft: (id: string) => ['assessment-draft', id] as const,
  latest: (id: string) => ['assessment-latest', id] as const,
  list: (id: string) => ['assessments', id] as const,
  detail: (id: string, aid: string) => ['assessment', id, aid] as const,
  securityAction: (id: string) => ['security-action', id] as const,
  roadmap: (id: string, locale?: string) => (locale ? (['roadmap', id, locale] as const) : (['roadmap', id] as const)),
};

export function useQuestions() {
  const locale = useLocale();
  return useQuery({ queryKey: keys.questions(locale), queryFn: () => api.get<QuestionBank>('/assessment/questions', { locale }), staleTime: 10 * 60_000 });
}

export function usePresurvey(companyId: string) {
  return useQuery({ queryKey: keys.presurvey(companyId), queryFn: () => orNull(api.get<PresurveyResult>(`/companies/${companyId}/presurvey/latest`)) });
}

export function useLatestAssessment(companyId: string) {
  return useQuery({ queryKey: keys.latest(companyId), queryFn: () => orNull(api.get<AssessmentResult>(`/companies/${companyId}/assessments/latest`)) });
}

export function useAssessmentList(companyId: string) {
  return useQuery({ queryKey: keys.list(companyId), queryFn: () => api.get<{ items: AssessmentSummary[] }>(`/companies/${companyId}/assessments`) });
}

export function useAssessmentDetail(companyId: string, assessmentId: string | null | undefined) {
  return useQuery({
    queryKey: keys.detail(companyId, assessmentId ?? ''),
    queryFn: () => api.get<AssessmentDetail>(`/companies/${companyId}/assessments/${assessmentId}`),
    enabled: !!assessmentId,
    staleTime: Infinity, // assessments are immutable
  });
}

export function useSecurityAction(companyId: string) {
  return useQuery({ queryKey: keys.securityAction(companyId), queryFn: () => api.get<SecurityAction>(`/companies/${companyId}/security-action`) });
}

export function useRoadmap(companyId: string) {
  const locale = useLocale();
  return useQuery({ queryKey: keys.roadmap(companyId, locale), queryFn: () => api.get<Roadmap>(`/companies/${companyId}/roadmap`, { locale }) });
}

/** The UI language as the API's `locale` parameter (texts the server words: reasons, advice, roadmap). */
export function useLocale(): 'ja' | 'en' {
  const { i18n } = useTranslation();
  return i18n.language === 'en' ? 'en' : 'ja';
}

const COMPANY_ROLES = new Set(['company_admin', 'company_member']);
/** Staff who may answer on a company's behalf (audited). */
const ANSWERING_STAFF = new Set(['program_admin', 'operator', 'analyst']);

export function isOwnCompany(me: Me, companyId: string): boolean {
  return COMPANY_ROLES.has(me.role) && me.companyId === companyId;
}
/** Staff reading or answering for a company that is not theirs (the page says so). */
export function answersOnBehalf(me: Me, companyId: string): boolean {
  return !isOwnCompany(me, companyId) && ANSWERING_STAFF.has(me.role);
}
/** Self-assessment: any user of the company, or staff on its behalf. */
export function canAnswerAssessment(me: Me, companyId: string): boolean {
  return isOwnCompany(me, companyId) || ANSWERING_STAFF.has(me.role);
}
/** Pre-survey and SECURITY ACTION: the company's admin, or staff on its behalf. */
export function canEditCompanyRecord(me: Me, companyId: string): boolean {
  return (me.role === 'company_admin' && me.companyId === companyId) || ANSWERING_STAFF.has(me.role);
}

/** Points of an answer on IPA's sheet (for the history's per-item change). */
export function answerPoints(a: AnswerValue | null | undefined): number | null {
  if (!a) return null;
  return { yes: 4, partial: 2, no: 0, unknown: -1, na: 4 }[a];
}

/** The indicative label of a function percentage (never a "Tier"). */
export function indicativeLabel(pct: number): 'initial' | 'partial' | 'established' | 'advanced' {
  if (pct >= 90) return 'advanced';
  if (pct >= 70) return 'established';
  if (pct >= 40) return 'partial';
  return 'initial';
}

/** "No.3" for a core item, "追加3" / "Extra 3" for an extension item. */
export function itemNumber(t: (k: string, o?: Record<string, unknown>) => string, id: string): string {
  const n = Number(id.slice(1));
  return id.startsWith('X') ? t('assessment.item.extNo', { n }) : t('assessment.item.no', { n });
}

export function signed(n: number): string {
  const r = Math.round(n * 10) / 10;
  return r > 0 ? `+${r}` : r < 0 ? `−${Math.abs(r)}` : '±0';
}
