import type { Grant360 } from './three-sixty-giving';

/**
 * The "usefulness" checks of 360Giving's Data Quality Tool (ThreeSixtyGiving/dataquality,
 * lib360dataquality) that our data can meet, by the tool's own test names: what a grant lacks that
 * the tool would point out. A valid file can still fail these; publishers are asked to fix them.
 */
const CHECKS: [string, (g: Grant360) => boolean][] = [
  ['RecipientOrg360GPrefix', (g) => g.recipientOrganization.every((o) => !o.id.toLowerCase().startsWith('360g'))],
  ['FundingOrg360GPrefix', (g) => g.fundingOrganization.every((o) => !o.id.toLowerCase().startsWith('360g'))],
  // The tool takes a postcode or a location with both a geocode and its type; we hold no postcodes.
  ['IncompleteRecipientOrg', (g) => g.recipientOrganization.every((o) => (o.location ?? []).some((l) => l.geoCode && l.geoCodeType))],
  ['NoGrantProgramme', (g) => !!g.grantProgramme[0]?.title],
  ['NoBeneficiaryLocation', (g) => g.beneficiaryLocation.length > 0],
  ['BeneficiaryLocationNameNotPresent', (g) => !!g.beneficiaryLocation[0]?.name],
  ['BeneficiaryLocationCountryCodeNotPresent', (g) => !!g.beneficiaryLocation[0]?.countryCode],
  ['BeneficiaryLocationGeoCodeNotPresent', (g) => !!g.beneficiaryLocation[0]?.geoCode],
  ['TitleDescriptionSame', (g) => g.title !== g.description],
  ['TitleLength', (g) => g.title.length <= 140],
  ['NoLastModified', (g) => !!g.dateModified],
  ['NoDataSource', (g) => !!g.dataSource],
  ['PlannedDurationNotPresent', (g) => !!g.plannedDates[0]?.duration],
  ['PlannedStartDateBeforeEndDate', (g) => !g.plannedDates[0]?.endDate || g.plannedDates[0].startDate <= g.plannedDates[0].endDate],
];

/** The names of the checks a grant fails: none for a grant as useful as our data allows. */
export function usefulnessGaps(grant: Grant360): string[] {
  return CHECKS.filter(([, passes]) => !passes(grant)).map(([name]) => name);
}
