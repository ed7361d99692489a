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
  recipientOrganization: { id: string; name: string }[];
  fundingOrganization: { id: string; name: string }[];
  grantProgramme: { title: string }[];
  beneficiaryLocation: { name: string }[];
}

/** The standard's CSV column titles, in its order, and how each is read from a grant. */
const COLUMNS: [string, (g: Grant360) => string | number][] = [
  ['Identifier', (g) => g.id],
  ['Title', (g) => g.title],
  ['Description', (g) => g.description],
  ['Currency', (g) => g.currency],
  ['Amount Applied For', (g) => g.amountAppliedFor],
  ['Amount Awarded', (g) => g.amountAwarded],
  ['Amount Disbursed', (g) => g.amountDisbursed],
  ['Award Date', (g) => g.awardDate],
  ['Recipient Org:Identifier', (g) => g.recipientOrganization[0]?.id ?? ''],
  ['Recipient Org:Name', (g) => g.recipientOrganization[0]?.name ?? ''],
  ['Funding Org:Identifier', (g) => g.fundingOrganization[0]?.id ?? ''],
  ['Funding Org:Name', (g) => g.fundingOrganization[0]?.name ?? ''],
  ['Grant Programme:Title', (g) => g.grantProgramme[0]?.title ?? ''],
  ['Beneficiary Location:Name', (g) => g.beneficiaryLocation[0]?.name ?? ''],
];

export const CSV_COLUMNS = COLUMNS.map(([title]) => title);

/** Pounds with pence as the standard wants them: a number, not pence. */
export const poundsOf = (pence: number) => Math.round(pence) / 100;

function csvCell(value: string | number): string {
  const text = String(value);
  // A leading =, +, - or @ would run as a formula in a spreadsheet; quote-prefix it.
  const safe = /^[=+\-@]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(grants: Grant360[]): string {
  const lines = [CSV_COLUMNS.map(csvCell).join(',')];
  for (const grant of grants) lines.push(COLUMNS.map(([, read]) => csvCell(read(grant))).join(','));
  return lines.join('\r\n') + '\r\n';
}
