import {
  ApplicantOrganisation,
  ApplicationTerms,
  DEFAULT_ELIGIBILITY_RULES,
  FundTerms,
  SUBSIDY_LIMIT_PENCE,
  submissionRefusals,
} from './eligibility';

const today = new Date('2026-05-14T12:00:00Z');

const staffGroup: ApplicantOrganisation = {
  type: 'staff-group',
  parentBody: 'Blackpool Council',
  servicesInScope: ['Youth clubs', 'Detached youth work'],
  employeeSharePercent: 100,
  tradingStartDate: null,
  stillOnOriginalContract: null,
};

const liveMutual: ApplicantOrganisation = {
  type: 'live-mutual',
  parentBody: 'Bath and North East Somerset Council',
  servicesInScope: ['School business services'],
  employeeSharePercent: 51,
  tradingStartDate: '2023-04-01',
  stillOnOriginalContract: false,
};

const terms: ApplicationTerms = { amountRequestedPence: 2_500_000, matchFundingPence: null, subsidyReceivedPence: 0, servicesDeliveredInEngland: true };
const fund: FundTerms = { open: true, capPerApplicationPence: 2_500_000, matchFundingRequired: false, eligibility: DEFAULT_ELIGIBILITY_RULES };

const codes = (o: ApplicantOrganisation, t: Partial<ApplicationTerms> = {}, f: Partial<FundTerms> = {}) =>
  submissionRefusals(o, { ...terms, ...t }, { ...fund, ...f }, today).map((r) => r.code);

describe('eligibility to submit to a support fund', () => {
  it('a staff group spinning out of its council, with its staff in control, may apply', () => {
    expect(codes(staffGroup)).toEqual([]);
  });

  describe('the three tests of a public-service mutual', () => {
    it('refuses an organisation with no parent body: it is not leaving the public sector', () => {
      expect(codes({ ...staffGroup, parentBody: null })).toEqual(['not-a-public-sector-spin-out']);
    });

    it('refuses a parent body applying as if it were the mutual', () => {
      const refusals = submissionRefusals({ ...staffGroup, type: 'local-authority' }, terms, { ...fund, eligibility: { ...DEFAULT_ELIGIBILITY_RULES, organisationTypes: ['local-authority'] } }, today);
      expect(refusals).toEqual([{ code: 'not-a-public-sector-spin-out', message: 'A local authority is a parent body, not a mutual spinning out of one' }]);
    });

    it('refuses an organisation that names no public service', () => {
      expect(codes({ ...staffGroup, servicesInScope: [] })).toEqual(['no-public-service']);
    });

    it('refuses when employees have no significant influence or control', () => {
      const [refusal] = submissionRefusals({ ...staffGroup, employeeSharePercent: 10 }, terms, fund, today);
      expect(refusal.code).toBe('no-employee-control');
      expect(refusal.message).toContain('at least a 25% share (yours is 10%)');
      expect(codes({ ...staffGroup, employeeSharePercent: null })).toEqual(['no-employee-control']);
      expect(codes({ ...staffGroup, employeeSharePercent: 25 })).toEqual([]);
    });
  });

  describe('an existing mutual', () => {
    it('qualifies in its first five years of trading, up to the fifth anniversary', () => {
      expect(codes(liveMutual)).toEqual([]);
      expect(codes({ ...liveMutual, tradingStartDate: '2021-05-14' })).toEqual([]);
    });

    it('is refused the day after its fifth anniversary of trading', () => {
      const [refusal] = submissionRefusals({ ...liveMutual, tradingStartDate: '2021-05-13' }, terms, fund, today);
      expect(refusal).toEqual({
        code: 'trading-too-long',
        message: 'This fund supports mutuals trading for 5 years or less, or still on their original contract; yours started trading on 2021-05-13',
      });
    });

    it('qualifies after five years while still on its original contract', () => {
      expect(codes({ ...liveMutual, tradingStartDate: '2012-04-01', stillOnOriginalContract: true })).toEqual([]);
    });

    it('must say when it started trading', () => {
      expect(codes({ ...liveMutual, tradingStartDate: null })).toEqual(['trading-start-missing']);
    });

    it('the fund can set its own limit on years of trading', () => {
      const rules = { ...DEFAULT_ELIGIBILITY_RULES, maxYearsTrading: 2 };
      expect(codes(liveMutual, {}, { eligibility: rules })).toEqual(['trading-too-long']);
    });
  });

  it('refuses a type the fund is not open to', () => {
    const rules = { ...DEFAULT_ELIGIBILITY_RULES, organisationTypes: ['live-mutual' as const] };
    expect(codes(staffGroup, {}, { eligibility: rules })).toEqual(['organisation-type-not-eligible']);
  });

  it('refuses a closed fund', () => {
    expect(codes(staffGroup, {}, { open: false })).toEqual(['fund-closed']);
  });

  it('refuses an amount over the cap, and accepts the cap exactly', () => {
    const [refusal] = submissionRefusals(staffGroup, { ...terms, amountRequestedPence: 2_500_001 }, fund, today);
    expect(refusal).toEqual({ code: 'over-fund-cap', message: 'You asked for £25,000.01; this fund gives at most £25,000.00 per application' });
  });

  it('refuses when the grant would take subsidy past £315,000 over three financial years', () => {
    const atLimit = SUBSIDY_LIMIT_PENCE - terms.amountRequestedPence;
    expect(codes(staffGroup, { subsidyReceivedPence: atLimit })).toEqual([]);
    const [refusal] = submissionRefusals(staffGroup, { ...terms, subsidyReceivedPence: atLimit + 1 }, fund, today);
    expect(refusal.code).toBe('subsidy-limit-exceeded');
    expect(refusal.message).toContain('£315,000.01, past the £315,000.00 limit');
  });

  it('needs the subsidy declaration and services delivered in England', () => {
    expect(codes(staffGroup, { subsidyReceivedPence: null, servicesDeliveredInEngland: null })).toEqual(['services-not-in-england', 'subsidy-not-declared']);
    expect(codes(staffGroup, { servicesDeliveredInEngland: false })).toEqual(['services-not-in-england']);
  });

  it('needs match funding when the fund requires it', () => {
    expect(codes(staffGroup, {}, { matchFundingRequired: true })).toEqual(['match-funding-required']);
    expect(codes(staffGroup, { matchFundingPence: 500_000 }, { matchFundingRequired: true })).toEqual([]);
  });

  it('lists every reason at once, so the applicant can fix them together', () => {
    expect(codes({ ...staffGroup, parentBody: null, employeeSharePercent: 0 }, {}, { open: false })).toEqual([
      'fund-closed',
      'not-a-public-sector-spin-out',
      'no-employee-control',
    ]);
  });
});
