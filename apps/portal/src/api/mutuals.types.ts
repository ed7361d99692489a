/** The register of mutuals, as awards serves it (GET /enquiries, /mutuals). */

export interface EnquiryView {
  id: string;
  reference: string;
  receivedOn: string;
  enquirerName: string;
  enquirerEmail: string;
  organisationName: string;
  parentBody: string | null;
  parentBodyKind: string | null;
  sector: string | null;
  region: string | null;
  topic: string;
  triage: string;
  adviceGiven: string;
  mutualId: string | null;
  mutualReference: string | null;
  recordedBy: string;
  recordedAt: string;
}

export interface MutualSummary {
  id: string;
  reference: string;
  name: string;
  parentBody: string;
  parentBodyKind: string;
  sector: string;
  region: string | null;
  organisationCode: string | null;
  stage: string;
  stageEnteredOn: string;
  route: string | null;
  routeReason: string | null;
  launchedOn: string | null;
  legalForm: string | null;
  staffCount: number | null;
  contractValuePence: number | null;
  contractMonths: number | null;
  commissioningBody: string | null;
  commissioningBodyKind: string | null;
  countsAsMutual: boolean;
  version: number;
  registeredBy: string;
  registeredAt: string;
}

export interface MutualView extends MutualSummary {
  stages: { id: string; stage: string; enteredOn: string; evidence: string; details: Record<string, unknown>; recordedBy: string; recordedAt: string }[];
  figures: { id: string; asOf: string; staffCount: number; contractValuePence: number; source: string; sourceId: string | null; recordedBy: string; recordedAt: string }[];
  links: {
    applications: { id: string; caseId: string | null; reference: string | null }[];
    bids: { id: string; caseId: string | null; reference: string | null }[];
    cases: { caseId: string; reference: string; source: string; sourceId: string; title: string; status: string; approvedPence: number | null }[];
    awards: { awardId: string; caseId: string; status: string; committedPence: number; paidPence: number }[];
    supportPackages: { packageId: string; caseId: string; supplierName: string; status: string; valuePence: number; paidPence: number }[];
  };
}
