import { formatPence, Pence } from '../money';
import { MUTUAL_ORGANISATION_TYPES, ORGANISATION_TYPE, OrganisationType } from './taxonomy';

/**
 * Subsidy control: at most £315,000 of minimal financial assistance over the current and two
 * previous financial years, counting what is applied for now.
 */
export const SUBSIDY_LIMIT_PENCE: Pence = 315_000_00;

/** A fund's own eligibility rules, set by its programme officers. */
export interface EligibilityRules {
  /** Who may apply; by default the bodies that are or will become mutuals. */
  organisationTypes: OrganisationType[];
  /** An existing mutual qualifies while trading this many years or less (or still on its original contract). */
  maxYearsTrading: number;
  /** The employees' share below which employees are not taken to have significant influence or control. */
  minimumEmployeeSharePercent: number;
}

export const DEFAULT_ELIGIBILITY_RULES: EligibilityRules = {
  organisationTypes: [...MUTUAL_ORGANISATION_TYPES],
  maxYearsTrading: 5,
  minimumEmployeeSharePercent: 25,
};

export interface ApplicantOrganisation {
  type: OrganisationType;
  parentBody: string | null;
  servicesInScope: string[];
  employeeSharePercent: number | null;
  /** YYYY-MM-DD. */
  tradingStartDate: string | null;
  stillOnOriginalContract: boolean | null;
}

export interface ApplicationTerms {
  amountRequestedPence: Pence;
  matchFundingPence: Pence | null;
  subsidyReceivedPence: Pence | null;
  servicesDeliveredInEngland: boolean | null;
}

export interface FundTerms {
  open: boolean;
  capPerApplicationPence: Pence;
  matchFundingRequired: boolean;
  eligibility: EligibilityRules;
}

export interface Refusal {
  code: string;
  message: string;
}

export function capRefusal(amountRequestedPence: Pence, capPence: Pence): Refusal | undefined {
  if (amountRequestedPence <= capPence) return undefined;
  return {
    code: 'over-fund-cap',
    message: `You asked for ${formatPence(amountRequestedPence)}; this fund gives at most ${formatPence(capPence)} per application`,
  };
}

export function subsidyRefusal(subsidyReceivedPence: Pence, amountRequestedPence: Pence): Refusal | undefined {
  const total = subsidyReceivedPence + amountRequestedPence;
  if (total <= SUBSIDY_LIMIT_PENCE) return undefined;
  return {
    code: 'subsidy-limit-exceeded',
    message:
      `With the ${formatPence(subsidyReceivedPence)} of subsidy you have received in this and the two previous financial years, ` +
      `this grant would take you to ${formatPence(total)}, past the ${formatPence(SUBSIDY_LIMIT_PENCE)} limit`,
  };
}

/**
 * The three tests of a public-service mutual, applied to what the organisation is or is
 * becoming: it has left (or is leaving) the public sector, it delivers public services, and
 * its employees have a significant degree of influence or control.
 */
export function publicServiceMutualRefusals(organisation: ApplicantOrganisation, rules: EligibilityRules): Refusal[] {
  const refusals: Refusal[] = [];
  if (!MUTUAL_ORGANISATION_TYPES.includes(organisation.type) || !organisation.parentBody) {
    refusals.push({
      code: 'not-a-public-sector-spin-out',
      message: MUTUAL_ORGANISATION_TYPES.includes(organisation.type)
        ? 'Name the council, NHS body or department you are spinning out of (your parent body)'
        : `A ${ORGANISATION_TYPE.label(organisation.type).toLowerCase()} is a parent body, not a mutual spinning out of one`,
    });
  }
  if (organisation.servicesInScope.length === 0) {
    refusals.push({ code: 'no-public-service', message: 'Name the public services you deliver, or will deliver once spun out' });
  }
  if ((organisation.employeeSharePercent ?? 0) < rules.minimumEmployeeSharePercent) {
    refusals.push({
      code: 'no-employee-control',
      message: `Employees must have a significant degree of influence or control: at least a ${rules.minimumEmployeeSharePercent}% share (yours is ${organisation.employeeSharePercent ?? 0}%)`,
    });
  }
  return refusals;
}

/** Whether today is past the given anniversary of a YYYY-MM-DD date (UTC, the server's time). */
export function isPastAnniversary(date: string, years: number, today: Date): boolean {
  const anniversary = new Date(`${date}T00:00:00Z`);
  anniversary.setUTCFullYear(anniversary.getUTCFullYear() + years);
  return today.getTime() >= anniversary.getTime() + 24 * 60 * 60 * 1000;
}

/** An existing mutual qualifies in its first years of trading, or while still on its original contract. */
export function existingMutualRefusal(organisation: ApplicantOrganisation, rules: EligibilityRules, today: Date): Refusal | undefined {
  if (organisation.type !== 'live-mutual' || organisation.stillOnOriginalContract) return undefined;
  if (!organisation.tradingStartDate) {
    return { code: 'trading-start-missing', message: 'Give the date your mutual started trading, or say it is still on its original contract' };
  }
  // "5 years or less": eligible up to and including the fifth anniversary of the start of trading.
  if (!isPastAnniversary(organisation.tradingStartDate, rules.maxYearsTrading, today)) return undefined;
  return {
    code: 'trading-too-long',
    message: `This fund supports mutuals trading for ${rules.maxYearsTrading} years or less, or still on their original contract; yours started trading on ${organisation.tradingStartDate}`,
  };
}

/** Everything that stops an application being submitted to a fund, each with a message for the applicant. */
export function submissionRefusals(organisation: ApplicantOrganisation, application: ApplicationTerms, fund: FundTerms, today: Date): Refusal[] {
  const refusals: Refusal[] = [];
  if (!fund.open) refusals.push({ code: 'fund-closed', message: 'This fund is closed to new applications' });
  if (!fund.eligibility.organisationTypes.includes(organisation.type)) {
    refusals.push({
      code: 'organisation-type-not-eligible',
      message: `This fund is not open to a ${ORGANISATION_TYPE.label(organisation.type).toLowerCase()}`,
    });
  }
  refusals.push(...publicServiceMutualRefusals(organisation, fund.eligibility));
  const existing = existingMutualRefusal(organisation, fund.eligibility, today);
  if (existing) refusals.push(existing);
  if (application.servicesDeliveredInEngland !== true) {
    refusals.push({ code: 'services-not-in-england', message: 'The fund supports services delivered in England; confirm yours are' });
  }
  if (fund.matchFundingRequired && !application.matchFundingPence) {
    refusals.push({ code: 'match-funding-required', message: 'This fund needs cash match funding; say how much you will put in' });
  }
  const cap = capRefusal(application.amountRequestedPence, fund.capPerApplicationPence);
  if (cap) refusals.push(cap);
  if (application.subsidyReceivedPence === null) {
    refusals.push({ code: 'subsidy-not-declared', message: 'Declare the subsidy you received in this and the two previous financial years (0 if none)' });
  } else {
    const subsidy = subsidyRefusal(application.subsidyReceivedPence, application.amountRequestedPence);
    if (subsidy) refusals.push(subsidy);
  }
  return refusals;
}
