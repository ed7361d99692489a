import { identifierProblems } from '../decisions/decision-rules';
import { Location360, locationOfGssCode, locationOfRegion } from './geography';

export interface Organization360 {
  id: string;
  name: string;
  companyNumber?: string;
  charityNumber?: string;
  location?: Location360[];
}

export interface PlannedDates360 {
  startDate: string;
  endDate?: string;
  duration?: number;
}

/** One awarded grant as the 360Giving Data Standard describes it (https://standard.threesixtygiving.org). */
export interface Grant360 {
  id: string;
  title: string;
  description: string;
  currency: 'GBP';
  amountAppliedFor: number;
  amountAwarded: number;
  amountDisbursed: number;
  awardDate: string;
  plannedDates: PlannedDates360[];
  recipientOrganization: Organization360[];
  fundingOrganization: { id: string; name: string }[];
  grantProgramme: { code: string; title: string }[];
  beneficiaryLocation: Location360[];
  classifications?: Classification360[];
  dateModified: string;
  dataSource: string;
}

export interface Classification360 {
  vocabulary: string;
  code: string;
  title: string;
  description?: string;
}

/** Support given in kind rather than cash: the standard has no field for it, so a classification says so. */
export const IN_KIND_CLASSIFICATION = { vocabulary: 'Mutuals Support Programme: form of support', code: 'in-kind', title: 'Support in kind' };

/** A 360Giving data package: the grants with who publishes them, in the version of the standard they follow. */
export interface Package360 {
  version: '1.4';
  publisher: { identifier: string; name: string };
  grants: Grant360[];
}

/** What the export reads about one award from the awards service's own records. */
export interface AwardRecord {
  awardId: string;
  title: string;
  reference: string;
  organisationName: string;
  /** The organisation's id in the applications service, or a bid's lead authority code. */
  organisationCode: string | null;
  programmeId: string;
  programmeName: string;
  amountRequestedPence: number;
  amountPence: number;
  paidPence: number;
  clawedBackPence: number;
  recipientOrgIdentifier: string;
  /** A bid's authorities, lead first (ONS GSS codes); none for a support-fund application. */
  authorityCodes: string[];
  region: string | null;
  decidedAt: string;
  acceptedAt: string | null;
  /** The first and last milestone due dates (YYYY-MM-DD), when payments are scheduled. */
  firstDueOn: string | null;
  lastDueOn: string | null;
  /** The newest change to the case or its award (its audit trail). */
  modifiedAt: string;
  /** Support in kind: its supplier and lots; the amounts are its value at the day rates and what was paid on invoices. */
  inKind?: { supplierName: string; lots: string[] };
}

export interface Publisher {
  grantIdPrefix: string;
  fundingOrgIdentifier: string;
  fundingOrgName: string;
  dataSource: string;
}

/** Pounds with pence as the standard wants them: a number, not pence. */
export const poundsOf = (pence: number) => Math.round(pence) / 100;

/** Registers whose ids are also a company or charity number, which the standard asks for separately. */
const REGISTER_NUMBER_FIELDS: Record<string, 'companyNumber' | 'charityNumber'> = {
  'GB-COH': 'companyNumber',
  'GB-CHC': 'charityNumber',
  'GB-SC': 'charityNumber',
};

/**
 * The recipient's org-id (org-id.guide) with its company or charity number. An identifier from no
 * register we accept becomes one under the publisher's own prefix, as 360Giving asks for
 * organisations without a registration.
 */
function recipientOf(award: AwardRecord, publisher: Publisher): Organization360 {
  if (identifierProblems(award.recipientOrgIdentifier).length > 0) {
    return { id: `${publisher.grantIdPrefix}org-${award.organisationCode ?? award.awardId}`, name: award.organisationName };
  }
  const [, register, number] = /^([A-Z]{2}-[A-Z]{2,5})-(.+)$/.exec(award.recipientOrgIdentifier)!;
  const field = REGISTER_NUMBER_FIELDS[register];
  return { id: award.recipientOrgIdentifier, name: award.organisationName, ...(field ? { [field]: number } : {}) };
}

const defined = <T>(value: T | undefined): value is T => value !== undefined;

/** Whole months from start to end (YYYY-MM-DD), a part month counting as one. */
export function monthsBetween(start: string, end: string): number {
  const [y1, m1, d1] = start.split('-').map(Number);
  const [y2, m2, d2] = end.split('-').map(Number);
  return Math.max(1, (y2 - y1) * 12 + (m2 - m1) + (d2 > d1 ? 1 : 0));
}

/** From acceptance (or the award, or an earlier first milestone) to the last milestone due. */
function plannedDatesOf(award: AwardRecord): PlannedDates360[] {
  if (award.inKind && award.firstDueOn && award.lastDueOn) {
    return [{ startDate: award.firstDueOn, endDate: award.lastDueOn, duration: monthsBetween(award.firstDueOn, award.lastDueOn) }];
  }
  const startDate = [(award.acceptedAt ?? award.decidedAt).slice(0, 10), award.firstDueOn].filter((d): d is string => !!d).sort()[0];
  if (!award.lastDueOn) return [{ startDate }];
  return [{ startDate, endDate: award.lastDueOn, duration: monthsBetween(startDate, award.lastDueOn) }];
}

export function grantOf(award: AwardRecord, publisher: Publisher): Grant360 {
  // A bid's authorities are where it is delivered, its lead is the recipient; an application has its organisation's region.
  const authorities = award.authorityCodes.map((code, i) => locationOfGssCode(code, i === 0 ? award.organisationName : undefined)).filter(defined);
  const region = locationOfRegion(award.region);
  const recipientLocation = authorities[0] ?? region;
  const recipient = recipientOf(award, publisher);
  return {
    id: `${publisher.grantIdPrefix}${award.awardId}`,
    title: award.title,
    description: award.inKind
      ? `${award.title} (${award.reference}): support in kind for ${award.organisationName} from the ${award.programmeName}, delivered by ${award.inKind.supplierName} (${award.inKind.lots.join(', ')}); the amount is its value at the framework's day rates`
      : `${award.title} (${award.reference}): support for ${award.organisationName} from the ${award.programmeName}`,
    currency: 'GBP',
    amountAppliedFor: poundsOf(award.amountRequestedPence),
    amountAwarded: poundsOf(award.amountPence),
    amountDisbursed: poundsOf(award.paidPence - award.clawedBackPence),
    awardDate: award.decidedAt.slice(0, 10),
    plannedDates: plannedDatesOf(award),
    recipientOrganization: [recipientLocation ? { ...recipient, location: [recipientLocation] } : recipient],
    fundingOrganization: [{ id: publisher.fundingOrgIdentifier, name: publisher.fundingOrgName }],
    grantProgramme: [{ code: award.programmeId, title: award.programmeName }],
    beneficiaryLocation: authorities.length > 0 ? authorities : [region].filter(defined),
    ...(award.inKind ? { classifications: [{ ...IN_KIND_CLASSIFICATION, description: `Delivered by ${award.inKind.supplierName}` }] } : {}),
    dateModified: award.modifiedAt,
    dataSource: publisher.dataSource,
  };
}

export function packageOf(awards: AwardRecord[], publisher: Publisher): Package360 {
  return {
    version: '1.4',
    publisher: { identifier: publisher.fundingOrgIdentifier, name: publisher.fundingOrgName },
    grants: awards.map((award) => grantOf(award, publisher)),
  };
}

/** The standard's CSV column titles (its schema's titles, rolled up), in its order, and how each is read from a grant. */
const COLUMNS: [string, (g: Grant360) => string | number | undefined][] = [
  ['Identifier', (g) => g.id],
  ['Title', (g) => g.title],
  ['Description', (g) => g.description],
  ['Currency', (g) => g.currency],
  ['Amount Applied For', (g) => g.amountAppliedFor],
  ['Amount Awarded', (g) => g.amountAwarded],
  ['Amount Disbursed', (g) => g.amountDisbursed],
  ['Award Date', (g) => g.awardDate],
  ['Planned Dates:Start Date', (g) => g.plannedDates[0]?.startDate],
  ['Planned Dates:End Date', (g) => g.plannedDates[0]?.endDate],
  ['Planned Dates:Duration (months)', (g) => g.plannedDates[0]?.duration],
  ['Recipient Org:Identifier', (g) => g.recipientOrganization[0]?.id],
  ['Recipient Org:Name', (g) => g.recipientOrganization[0]?.name],
  ['Recipient Org:Charity Number', (g) => g.recipientOrganization[0]?.charityNumber],
  ['Recipient Org:Company Number', (g) => g.recipientOrganization[0]?.companyNumber],
  ['Recipient Org:Location:Geographic Code', (g) => g.recipientOrganization[0]?.location?.[0]?.geoCode],
  ['Recipient Org:Location:Geographic Code Type', (g) => g.recipientOrganization[0]?.location?.[0]?.geoCodeType],
  ['Funding Org:Identifier', (g) => g.fundingOrganization[0]?.id],
  ['Funding Org:Name', (g) => g.fundingOrganization[0]?.name],
  ['Grant Programme:Code', (g) => g.grantProgramme[0]?.code],
  ['Grant Programme:Title', (g) => g.grantProgramme[0]?.title],
  ['Beneficiary Location:Name', (g) => g.beneficiaryLocation[0]?.name],
  ['Beneficiary Location:Country Code', (g) => g.beneficiaryLocation[0]?.countryCode],
  ['Beneficiary Location:Geographic Code', (g) => g.beneficiaryLocation[0]?.geoCode],
  ['Beneficiary Location:Geographic Code Type', (g) => g.beneficiaryLocation[0]?.geoCodeType],
  ['Last Modified', (g) => g.dateModified],
  ['Data Source', (g) => g.dataSource],
];

export const CSV_COLUMNS = COLUMNS.map(([title]) => title);

function csvCell(value: string | number | undefined): string {
  const text = String(value ?? '');
  // A leading =, +, - or @ would run as a formula in a spreadsheet; quote-prefix it.
  const safe = /^[=+\-@]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(grants: Grant360[]): string {
  return csvHeaderLine() + grants.map(csvLine).join('');
}

/** The header row, with its line ending, for writing a CSV a row at a time. */
export const csvHeaderLine = () => CSV_COLUMNS.map(csvCell).join(',') + '\r\n';

/** One grant's row, with its line ending. */
export const csvLine = (grant: Grant360) => COLUMNS.map(([, read]) => csvCell(read(grant))).join(',') + '\r\n';
