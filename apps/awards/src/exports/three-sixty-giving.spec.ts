import { usefulnessGaps } from './data-quality';
import { locationOfGssCode, locationOfRegion } from './geography';
import { packageSchemaErrors } from './schema/validate';
import { AwardRecord, grantOf, monthsBetween, packageOf, Publisher, toCsv } from './three-sixty-giving';

const publisher: Publisher = {
  grantIdPrefix: '360G-mutuals-',
  fundingOrgIdentifier: 'GB-GOR-D2',
  fundingOrgName: 'Cabinet Office',
  dataSource: 'https://www.gov.uk/government/organisations/cabinet-office',
};

/** A council's bid in a Delivering Differently round, with a partner council, paid in two milestones. */
const councilBid: AwardRecord = {
  awardId: '5e4d3c2b-1a09-4f8e-9d7c-6b5a49382716',
  title: 'A staff-led mutual for youth services',
  reference: 'DD14-0042',
  organisationName: 'Liverpool City Council',
  organisationCode: 'E08000012',
  programmeId: '9c1d7e2a-3b4f-4a5e-8d6c-7b8a9c0d1e2f',
  programmeName: 'Delivering Differently',
  amountRequestedPence: 9_500_000,
  amountPence: 9_000_000,
  paidPence: 3_000_000,
  clawedBackPence: 0,
  recipientOrgIdentifier: 'GB-LAE-LIV',
  authorityCodes: ['E08000012', 'E08000011'],
  region: 'north-west',
  decidedAt: '2026-06-10T14:00:00.000Z',
  acceptedAt: '2026-06-15T09:30:00.000Z',
  firstDueOn: '2026-07-01',
  lastDueOn: '2026-10-01',
  modifiedAt: '2026-07-01T10:00:00.000Z',
};

/** A young mutual's application to the support fund, with its company number. */
const mutualApplication: AwardRecord = {
  ...councilBid,
  awardId: '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d',
  title: 'Legal and pensions advice, "phase 1"',
  reference: 'MSF-2026-000123',
  organisationName: '=HYPERLINK("x")',
  organisationCode: '4a3e2c1b-0d9f-4e8a-b7c6-5d4e3f2a1b0c',
  programmeName: 'Mutuals Support Programme',
  recipientOrgIdentifier: 'GB-COH-09876543',
  authorityCodes: [],
  region: 'south-west',
};

/** Support in kind for the same mutual: a supplier's days at its day rates, half invoiced and paid. */
const inKindPackage: AwardRecord = {
  ...mutualApplication,
  awardId: '2f3e4d5c-6b7a-4c8d-9e0f-1a2b3c4d5e6f',
  amountRequestedPence: 1_800_000,
  amountPence: 1_800_000,
  paidPence: 900_000,
  acceptedAt: null,
  firstDueOn: '2026-07-01',
  lastDueOn: '2026-12-31',
  inKind: { supplierName: 'Mutual Ventures Legal LLP', lots: ['hr-and-pensions', 'legal'] },
};

describe('360Giving export', () => {
  it('publishes support in kind as a grant of its value, classed as in kind, over the support’s own dates', () => {
    const grant = grantOf(inKindPackage, publisher);
    expect(packageSchemaErrors(packageOf([inKindPackage], publisher))).toEqual([]);
    expect(usefulnessGaps(grant)).toEqual([]);
    expect(grant).toMatchObject({
      id: '360G-mutuals-2f3e4d5c-6b7a-4c8d-9e0f-1a2b3c4d5e6f',
      amountAwarded: 18_000,
      amountDisbursed: 9_000,
      plannedDates: [{ startDate: '2026-07-01', endDate: '2026-12-31', duration: 6 }],
      classifications: [{ vocabulary: 'Mutuals Support Programme: form of support', code: 'in-kind', title: 'Support in kind', description: 'Delivered by Mutual Ventures Legal LLP' }],
    });
    expect(grant.description).toContain('support in kind for =HYPERLINK("x") from the Mutuals Support Programme, delivered by Mutual Ventures Legal LLP (hr-and-pensions, legal)');
    expect(grantOf(mutualApplication, publisher).classifications).toBeUndefined();
  });

  it('is a data package valid against the official 360Giving schema, with every recommended field the data allows', () => {
    const pkg = packageOf([councilBid, mutualApplication], publisher);
    expect(packageSchemaErrors(pkg)).toEqual([]);
    expect(pkg.grants.map(usefulnessGaps)).toEqual([[], []]);
    expect(pkg).toMatchObject({ version: '1.4', publisher: { identifier: 'GB-GOR-D2', name: 'Cabinet Office' } });
  });

  it('the schema check fails what the standard refuses', () => {
    const grant = grantOf(councilBid, publisher);
    expect(packageSchemaErrors({ grants: [] })).toEqual([expect.stringContaining('/grants must NOT have fewer than 1 items')]);
    const broken = { ...grant, currency: 'POUNDS', awardDate: '10/06/2026', recipientOrganization: [{ id: 'GB-LAE-LIV' }], dataSource: 'not a link' };
    const errors = packageSchemaErrors({ grants: [broken] }).join('\n');
    for (const path of ['/grants/0/currency', '/grants/0/awardDate', '/grants/0/recipientOrganization/0', '/grants/0/dataSource']) expect(errors).toContain(path);
  });

  it("a council's grant: located by its ONS code, delivered in every partner's area, planned from acceptance to the last milestone", () => {
    const grant = grantOf(councilBid, publisher);
    const liverpool = { name: 'Liverpool City Council', countryCode: 'GB', geoCode: 'E08000012', geoCodeType: 'MD' };
    expect(grant).toMatchObject({
      id: '360G-mutuals-5e4d3c2b-1a09-4f8e-9d7c-6b5a49382716',
      awardDate: '2026-06-10',
      amountDisbursed: 30000,
      recipientOrganization: [{ id: 'GB-LAE-LIV', name: 'Liverpool City Council', location: [liverpool] }],
      // A partner is named as the register of English local authorities names it.
      beneficiaryLocation: [liverpool, { name: 'Knowsley', countryCode: 'GB', geoCode: 'E08000011', geoCodeType: 'MD' }],
      plannedDates: [{ startDate: '2026-06-15', endDate: '2026-10-01', duration: 4 }],
      grantProgramme: [{ code: councilBid.programmeId, title: 'Delivering Differently' }],
      dateModified: '2026-07-01T10:00:00.000Z',
      dataSource: publisher.dataSource,
    });
  });

  it("a mutual's grant: its company or charity number beside its org-id, located in its region", () => {
    const grant = grantOf(mutualApplication, publisher);
    const southWest = { name: 'South West', countryCode: 'GB', geoCode: 'E12000009', geoCodeType: 'RGN/GOR' };
    expect(grant.recipientOrganization).toEqual([{ id: 'GB-COH-09876543', name: '=HYPERLINK("x")', companyNumber: '09876543', location: [southWest] }]);
    expect(grant.beneficiaryLocation).toEqual([southWest]);
    expect(grantOf({ ...mutualApplication, recipientOrgIdentifier: 'GB-CHC-1123456' }, publisher).recipientOrganization[0]).toMatchObject({ charityNumber: '1123456' });
    expect(grantOf({ ...mutualApplication, recipientOrgIdentifier: 'GB-SC-SC012345' }, publisher).recipientOrganization[0]).toMatchObject({ charityNumber: 'SC012345' });
  });

  it('an identifier from no register we accept falls back to one under our own prefix, which the quality check then points out', () => {
    const grant = grantOf({ ...mutualApplication, recipientOrgIdentifier: 'staff group' }, publisher);
    expect(grant.recipientOrganization[0].id).toBe('360G-mutuals-org-4a3e2c1b-0d9f-4e8a-b7c6-5d4e3f2a1b0c');
    expect(usefulnessGaps(grant)).toEqual(['RecipientOrg360GPrefix']);
  });

  it('places: ONS types from the closed codelist only, nothing made up for what it lacks or for a code that is not one', () => {
    expect(['E06000022', 'E07000008', 'E09000033', 'E10000008', 'W06000015', 'S12000036'].map((code) => locationOfGssCode(code)?.geoCodeType)).toEqual(['UA', 'NMD', 'LONB', 'CTY', 'UA', 'CA']);
    expect(locationOfRegion('scotland')).toEqual({ name: 'Scotland', countryCode: 'GB', geoCode: 'S92000003' });
    expect(locationOfRegion(null)).toBeUndefined();
    expect(locationOfGssCode('LIV')).toBeUndefined();
    expect(locationOfGssCode('E09000001')).toEqual({ name: 'City of London', countryCode: 'GB', geoCode: 'E09000001', geoCodeType: 'LONB' });
    expect(locationOfGssCode('E07000150')?.name).toBe('Corby');
    // No usable place: no location at all, and the quality check says so.
    const nowhere = grantOf({ ...mutualApplication, region: null }, publisher);
    expect(nowhere.beneficiaryLocation).toEqual([]);
    expect(usefulnessGaps(nowhere)).toEqual(expect.arrayContaining(['IncompleteRecipientOrg', 'NoBeneficiaryLocation']));
    expect(packageSchemaErrors(packageOf([{ ...mutualApplication, region: null }], publisher))).toEqual([]);
  });

  it('planned dates: whole months, a part month counting as one; without milestones only a start', () => {
    expect([monthsBetween('2026-06-15', '2026-10-01'), monthsBetween('2026-06-15', '2026-10-15'), monthsBetween('2026-06-15', '2027-06-16'), monthsBetween('2026-06-15', '2026-06-15')]).toEqual([4, 4, 13, 1]);
    // A milestone due before the offer was accepted starts the grant.
    expect(grantOf({ ...councilBid, firstDueOn: '2026-06-01' }, publisher).plannedDates).toEqual([{ startDate: '2026-06-01', endDate: '2026-10-01', duration: 4 }]);
    const unscheduled = grantOf({ ...councilBid, firstDueOn: null, lastDueOn: null }, publisher);
    expect(unscheduled.plannedDates).toEqual([{ startDate: '2026-06-15' }]);
    expect(usefulnessGaps(unscheduled)).toEqual(['PlannedDurationNotPresent']);
  });

  it('CSV: the standard column titles, quoting what needs quoting', () => {
    const [header, , row] = toCsv(packageOf([councilBid, mutualApplication], publisher).grants).trimEnd().split('\r\n');
    expect(header).toBe(
      'Identifier,Title,Description,Currency,Amount Applied For,Amount Awarded,Amount Disbursed,Award Date,' +
        'Planned Dates:Start Date,Planned Dates:End Date,Planned Dates:Duration (months),' +
        'Recipient Org:Identifier,Recipient Org:Name,Recipient Org:Charity Number,Recipient Org:Company Number,' +
        'Recipient Org:Location:Geographic Code,Recipient Org:Location:Geographic Code Type,Funding Org:Identifier,Funding Org:Name,' +
        'Grant Programme:Code,Grant Programme:Title,Beneficiary Location:Name,Beneficiary Location:Country Code,' +
        'Beneficiary Location:Geographic Code,Beneficiary Location:Geographic Code Type,Last Modified,Data Source',
    );
    expect(row).toBe(
      '360G-mutuals-7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d,"Legal and pensions advice, ""phase 1""",' +
        '"Legal and pensions advice, ""phase 1"" (MSF-2026-000123): support for =HYPERLINK(""x"") from the Mutuals Support Programme",' +
        'GBP,95000,90000,30000,2026-06-10,2026-06-15,2026-10-01,4,' +
        'GB-COH-09876543,"\'=HYPERLINK(""x"")",,09876543,E12000009,RGN/GOR,GB-GOR-D2,Cabinet Office,' +
        '9c1d7e2a-3b4f-4a5e-8d6c-7b8a9c0d1e2f,Mutuals Support Programme,South West,GB,E12000009,RGN/GOR,2026-07-01T10:00:00.000Z,' +
        'https://www.gov.uk/government/organisations/cabinet-office',
    );
  });
});
