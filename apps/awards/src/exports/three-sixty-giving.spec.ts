import { Grant360, toCsv } from './three-sixty-giving';

const grant: Grant360 = {
  id: '360G-mutuals-5e4d3c2b',
  title: 'Legal and pensions advice, "phase 1"',
  description: 'Support for 3BM, Bristol',
  currency: 'GBP',
  amountAppliedFor: 25000,
  amountAwarded: 18927.5,
  amountDisbursed: 0,
  awardDate: '2026-06-10',
  recipientOrganization: [{ id: 'GB-COH-09876543', name: '=HYPERLINK("x")' }],
  fundingOrganization: [{ id: 'GB-GOR-D2', name: 'Cabinet Office' }],
  grantProgramme: [{ title: 'Mutuals Interim Support Fund' }],
  beneficiaryLocation: [{ name: 'south-west' }],
};

describe('360Giving CSV', () => {
  it('uses the standard column titles and quotes what needs quoting', () => {
    const [header, row] = toCsv([grant]).trimEnd().split('\r\n');
    expect(header).toBe(
      'Identifier,Title,Description,Currency,Amount Applied For,Amount Awarded,Amount Disbursed,Award Date,Recipient Org:Identifier,Recipient Org:Name,Funding Org:Identifier,Funding Org:Name,Grant Programme:Title,Beneficiary Location:Name',
    );
    expect(row).toBe(
      '360G-mutuals-5e4d3c2b,"Legal and pensions advice, ""phase 1""","Support for 3BM, Bristol",GBP,25000,18927.5,0,2026-06-10,GB-COH-09876543,"\'=HYPERLINK(""x"")",GB-GOR-D2,Cabinet Office,Mutuals Interim Support Fund,south-west',
    );
  });
});
