/**
 * Scoring, grouping and recommendations — pure functions, documented in the README:
 * - self-assessment: IPA-compatible 100-point score (yes 4 / partial 2 / no 0 / don't know −1, N/A 4),
 *   bands, a per-function NIST CSF 2.0 view (not a "Tier"), advice ranked by priority;
 * - pre-survey: ORG and MEASURES sums → group A/B/C by a configurable rule, a device recommendation
 *   and the readiness flags the deployment team needs.
 */
import { coreItems, csfFunctions, functionsOf, itemById, items, type CsfFunction } from './question-bank.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';

export const answerValues = ['yes', 'partial', 'no', 'unknown', 'na'] as const;
export type Answer = (typeof answerValues)[number];
const POINTS: Record<Exclude<Answer, 'na'>, number> = { yes: 4, partial: 2, no: 0, unknown: -1 };

export type IpaBand = 'perfect' | 'mostly' | 'gaps' | 'critical';
export function ipaBand(score: number): IpaBand {
  if (score >= 100) return 'perfect';
  if (score >= 70) return 'mostly';
  if (score >= 50) return 'gaps';
  return 'critical';
}

export function functionLabel(pct: number): 'initial' | 'partial' | 'established' | 'advanced' {
  if (pct >= 90) return 'advanced';
  if (pct >= 70) return 'established';
  if (pct >= 40) return 'partial';
  return 'initial';
}

export interface GroupRule {
  aOrgMin: number;
  aMeasMin: number;
  aIsmsOrgMin: number;
  cOrgMax: number;
  cMeasMax: number;
}
export const defaultGroupRule: GroupRule = { aOrgMin: 5, aMeasMin: 8, aIsmsOrgMin: 4, cOrgMax: 1, cMeasMax: 4 };

export interface AdviceItem {
  itemId: string;
  priority: number;
  text: string;
  service: string;
  unknown: boolean;
}

export interface AssessmentResult {
  ipaScore: number;
  ipaBand: IpaBand;
  byFunction: Record<CsfFunction, { pct: number; coverage: number; answered: number; label: string }>;
  confidence: number;
  unknownItems: string[];
  part1Subtotal: number;
  advice: AdviceItem[];
  twoStarEvidence: boolean;
  assessedGroup: 'A' | 'B' | 'C';
  groupReasons: string[];
}

export interface ValidationProblem {
  path: string;
  message: string;
}

/** Checks an answer set: every core item answered, known ids only, N/A only where allowed. */
export function validateAnswers(answers: Record<string, string>, requireCore = true): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  for (const [id, v] of Object.entries(answers)) {
    const item = itemById.get(id);
    if (!item) problems.push({ path: `answers.${id}`, message: 'unknown item' });
    else if (!(answerValues as readonly string[]).includes(v)) problems.push({ path: `answers.${id}`, message: `one of ${answerValues.join(', ')}` });
    else if (v === 'na' && !item.naAllowed) problems.push({ path: `answers.${id}`, message: 'not applicable is not allowed for this item' });
  }
  if (requireCore) for (const i of coreItems) if (!(i.id in answers)) problems.push({ path: `answers.${i.id}`, message: 'required' });
  return problems;
}

const points = (a: Answer) => (a === 'na' ? 4 : POINTS[a]);

export function scoreAssessment(answers: Record<string, Answer>, locale: Locale = 'ja'): AssessmentResult {
  let ipaScore = 0;
  let part1 = 0;
  for (const i of coreItems) {
    const p = points(answers[i.id] ?? 'unknown');
    ipaScore += p;
    if (i.part === 'basic') part1 += p;
  }
  // Per function: Σ w·max(p,0) / Σ w·4 over answered, non-N/A items mapped to the function; w = 1/(functions of the item).
  const num: Record<string, number> = {};
  const den: Record<string, number> = {};
  const mapped: Record<string, number> = {};
  const answered: Record<string, number> = {};
  let known = 0;
  let total = 0;
  for (const i of items) {
    const fs = functionsOf(i);
    const w = 1 / fs.length;
    for (const f of fs) mapped[f] = (mapped[f] ?? 0) + 1;
    const a = answers[i.id];
    if (a === undefined) continue;
    total++;
    if (a !== 'unknown') known++;
    for (const f of fs) answered[f] = (answered[f] ?? 0) + 1;
    if (a === 'na') continue;
    for (const f of fs) {
      num[f] = (num[f] ?? 0) + w * Math.max(POINTS[a], 0);
      den[f] = (den[f] ?? 0) + w * 4;
    }
  }
  const byFunction = {} as AssessmentResult['byFunction'];
  for (const f of csfFunctions) {
    const pct = den[f] ? Math.round((num[f]! / den[f]!) * 100) : 0;
    byFunction[f] = { pct, coverage: mapped[f] ? Math.round(((answered[f] ?? 0) / mapped[f]!) * 100) : 0, answered: answered[f] ?? 0, label: functionLabel(pct) };
  }
  const unknownItems = items.filter((i) => answers[i.id] === 'unknown').map((i) => i.id);
  const advice = items
    .filter((i) => answers[i.id] !== undefined && answers[i.id] !== 'yes' && answers[i.id] !== 'na')
    .map((i) => {
      const a = answers[i.id]!;
      const p = Math.max(points(a), 0);
      const priority = Math.round(((4 - p) * i.importance * (1 + 0.5 * Number(i.cpg)) + 10 * Number(a === 'unknown')) * 10) / 10;
      return { itemId: i.id, priority, text: i.advice[locale], service: i.service[locale], unknown: a === 'unknown' };
    })
    .sort((x, y) => y.priority - x.priority || x.itemId.localeCompare(y.itemId))
    .slice(0, 5);
  const { group, reasons } = regroup(ipaScore, part1, answers, locale);
  return {
    ipaScore,
    ipaBand: ipaBand(ipaScore),
    byFunction,
    confidence: total ? Math.round((known / total) * 100) : 0,
    unknownItems,
    part1Subtotal: part1,
    advice,
    twoStarEvidence: coreItems.every((i) => answers[i.id] !== undefined),
    assessedGroup: group,
    groupReasons: reasons,
  };
}

/** After the full assessment (reference §6.4): C if ≤ 49 or Part 1 ≤ 10; A only if ≥ 70 with X01, Q24, Q25 all yes; else B. */
export function regroup(score: number, part1: number, answers: Record<string, Answer>, locale: Locale): { group: 'A' | 'B' | 'C'; reasons: string[] } {
  const ja = locale === 'ja';
  if (score <= 49) return { group: 'C', reasons: [ja ? `自社診断の点数が ${score} 点（49 点以下）` : `score ${score} (≤ 49)`] };
  if (part1 <= 10) return { group: 'C', reasons: [ja ? `基本的対策（No.1〜5）の小計が ${part1} 点（10 点以下）` : `basic measures subtotal ${part1} (≤ 10)`] };
  if (score >= 70 && answers.X01 === 'yes' && answers.Q24 === 'yes' && answers.Q25 === 'yes') {
    return { group: 'A', reasons: [ja ? `点数が ${score} 点で、責任者・事故時の手順・ルールの周知がそろっている` : `score ${score} with a security lead, incident procedure and written rules`] };
  }
  const names: Record<string, { ja: string; en: string }> = {
    X01: { ja: 'セキュリティ責任者', en: 'a security lead' },
    Q24: { ja: '事故時の連絡先と手順', en: 'an incident procedure' },
    Q25: { ja: 'ルールの文書化と周知', en: 'written rules shared with staff' },
  };
  const missing = ['X01', 'Q24', 'Q25'].filter((k) => answers[k] !== 'yes').map((k) => names[k]![locale]);
  return {
    group: 'B',
    reasons: [
      ja
        ? `点数は ${score} 点です。${score < 70 ? 'A には 70 点以上が必要です。' : ''}${missing.length ? `A には「${missing.join('」「')}」がそろっている必要があります。` : ''}`
        : `Score ${score}.${score < 70 ? ' A needs 70 or more.' : ''}${missing.length ? ` A also needs ${missing.join(', ')}.` : ''}`,
    ],
  };
}

// ---------------------------------------------------------------- pre-survey

export type Ypn = 'yes' | 'partial' | 'no';
export interface PresurveyAnswers {
  S1: Ypn;
  S2: Ypn;
  S3: Ypn;
  S4: number[];
  S5: Ypn;
  S6: Ypn;
  S7: Ypn;
  S8: { oneStar?: boolean; twoStar?: boolean; isms?: boolean; pmark?: boolean; insurance?: boolean };
}
export interface PresurveyFacts {
  pcCount?: number;
  servers?: number;
  wifi?: boolean;
  cloudServices?: string[];
  routerMaker?: string;
  routerPasswordChanged?: 'yes' | 'no' | 'unknown';
  existingUtm?: boolean;
  edr?: boolean;
  ispLine?: 'fiber' | 'closed_network' | 'mobile' | 'other';
  vpnBetweenSites?: boolean;
  allPcsOnNonVpnWifi?: boolean;
  routerIkev2?: 'yes' | 'no' | 'unknown';
}

const YPN: Record<Ypn, number> = { yes: 2, partial: 1, no: 0 };

export function groupFor(org: number, meas: number, s8: PresurveyAnswers['S8'], rule: GroupRule, locale: Locale): { group: 'A' | 'B' | 'C'; reasons: string[] } {
  const ja = locale === 'ja';
  if (org >= rule.aOrgMin && meas >= rule.aMeasMin) return { group: 'A', reasons: [ja ? `組織 ${org}/6（${rule.aOrgMin} 以上）かつ対策 ${meas}/11（${rule.aMeasMin} 以上）` : `organisation ${org}/6 (≥ ${rule.aOrgMin}) and measures ${meas}/11 (≥ ${rule.aMeasMin})`] };
  if (s8.isms && org >= rule.aIsmsOrgMin) return { group: 'A', reasons: [ja ? `ISMS 認証があり、組織 ${org}/6（${rule.aIsmsOrgMin} 以上）` : `ISMS certified and organisation ${org}/6 (≥ ${rule.aIsmsOrgMin})`] };
  if (org <= rule.cOrgMax && meas <= rule.cMeasMax) return { group: 'C', reasons: [ja ? `組織 ${org}/6（${rule.cOrgMax} 以下）かつ対策 ${meas}/11（${rule.cMeasMax} 以下）` : `organisation ${org}/6 (≤ ${rule.cOrgMax}) and measures ${meas}/11 (≤ ${rule.cMeasMax})`] };
  return { group: 'B', reasons: [ja ? `組織 ${org}/6、対策 ${meas}/11（A にも C にも当たらない）` : `organisation ${org}/6, measures ${meas}/11 (neither A nor C)`] };
}

export function presurveyResult(a: PresurveyAnswers, f: PresurveyFacts, rule: GroupRule = defaultGroupRule, locale: Locale = 'ja') {
  const ja = locale === 'ja';
  const org = YPN[a.S1] + YPN[a.S2] + YPN[a.S3];
  const meas = new Set(a.S4.filter((n) => n >= 1 && n <= 5)).size + YPN[a.S5] + YPN[a.S6] + YPN[a.S7];
  const { group, reasons } = groupFor(org, meas, a.S8, rule, locale);

  const flags: string[] = [];
  if (f.routerPasswordChanged !== 'yes') flags.push('default_router_password');
  if (f.allPcsOnNonVpnWifi) flags.push('wifi_non_vpn_router');
  if (f.existingUtm) flags.push('existing_utm');
  if (f.ispLine === 'closed_network') flags.push('closed_network');
  if (f.routerIkev2 === 'no') flags.push('router_incompatible');

  const why: string[] = [];
  let kind: 'onprem_utm' | 'cloud_utm' | 'none' | 'needs_check';
  if (f.existingUtm) {
    kind = 'none';
    why.push(ja ? '既に UTM があるため、新しい機器は不要です（既存の UTM のログ送信で監視できるか確認します）' : 'A UTM is already in place: no new device (we check whether it can send its logs)');
  } else if (f.ispLine === 'closed_network' || f.allPcsOnNonVpnWifi || f.routerIkev2 === 'unknown' || f.routerIkev2 === undefined) {
    kind = 'needs_check';
    if (f.ispLine === 'closed_network') why.push(ja ? '閉域網のサービスを使っているため、接続方法の確認が必要です' : 'A closed-network ISP service needs a check of how to connect');
    if (f.allPcsOnNonVpnWifi) why.push(ja ? '全てのパソコンが VPN 非対応ルーターの Wi-Fi につながっているため、配線の確認が必要です' : 'All PCs are on the Wi-Fi of a router without VPN: the layout needs a check');
    if (f.routerIkev2 !== 'no' && f.routerIkev2 !== 'yes') why.push(ja ? 'ルーターが IKEv2/AES256 の VPN に対応しているか分からないため確認します' : 'Whether the router supports IKEv2/AES256 VPN is unknown');
  } else if (f.routerIkev2 === 'no' || (f.pcCount ?? 0) >= 30 || (f.servers ?? 0) >= 1 || f.vpnBetweenSites) {
    kind = 'onprem_utm';
    if (f.routerIkev2 === 'no') why.push(ja ? 'ルーターがクラウド UTM に必要な IKEv2/AES256 の VPN に対応していません' : 'The router does not support the IKEv2/AES256 VPN a cloud UTM needs');
    if ((f.pcCount ?? 0) >= 30) why.push(ja ? `パソコンが ${f.pcCount} 台と多いため、社内に置く UTM が向いています` : `${f.pcCount} PCs: an on-premise UTM fits`);
    if ((f.servers ?? 0) >= 1) why.push(ja ? '社内にサーバーがあるため、社内に置く UTM で守ります' : 'Servers on site are protected by an on-premise UTM');
    if (f.vpnBetweenSites) why.push(ja ? '拠点間 VPN があるため、社内に置く UTM が向いています' : 'Site-to-site VPN: an on-premise UTM fits');
  } else {
    kind = 'cloud_utm';
    why.push(ja ? 'ルーターが IKEv2/AES256 の VPN に対応していて、小規模なためクラウド UTM で守れます' : 'The router supports IKEv2/AES256 VPN and the site is small: a cloud UTM fits');
  }
  return { org, meas, group, groupReasons: reasons, deviceRecommendation: { kind, reasons: why }, readinessFlags: flags };
}
