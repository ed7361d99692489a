import { DomainError } from '@mutuals/domain';
import { assertApprovableAmount, assertScheduleSumsTo, dueDiligenceProblems, identifierProblems, needsSecondApproval, subsidyWindowStart } from './decision-rules';

describe('approval amounts', () => {
  it('stay within what was asked and the cap', () => {
    expect(() => assertApprovableAmount(2_500_000, 2_500_000, 2_500_000)).not.toThrow();
    expect(() => assertApprovableAmount(2_500_001, 2_500_000, null)).toThrow(/more than the £25,000.00 asked for/);
    expect(() => assertApprovableAmount(2_000_000, 9_000_000, 1_500_000)).toThrow(/£15,000.00 cap/);
    expect(() => assertApprovableAmount(0, 1, null)).toThrow(DomainError);
  });

  it('need a second officer above £100,000 only', () => {
    expect(needsSecondApproval(10_000_000)).toBe(false);
    expect(needsSecondApproval(10_000_001)).toBe(true);
  });
});

describe('due diligence', () => {
  it('accepts well-formed org-ids and names what is wrong with others', () => {
    expect(identifierProblems('GB-COH-09876543')).toEqual([]);
    expect(identifierProblems('GB-CHC-1234567')).toEqual([]);
    expect(identifierProblems('GB-COH-123')).toEqual(['123 is not a well-formed GB-COH id']);
    expect(identifierProblems('XX-ABC-1')[0]).toMatch(/not a register we accept/);
    expect(identifierProblems('09876543')[0]).toMatch(/not an org-id/);
  });

  it('refuses a subsidy total over £315,000 across the three years', () => {
    const base = { recipientOrgIdentifier: 'GB-COH-09876543', subsidyDeclaredPence: 20_000_000, awardedElsewherePence: 1_500_000 };
    expect(dueDiligenceProblems({ ...base, amountPence: 10_000_000 })).toEqual({ subsidyTotalPence: 31_500_000, problems: [] });
    expect(dueDiligenceProblems({ ...base, amountPence: 10_000_001 }).problems[0]).toMatch(/£315,000.01, above the £315,000.00 limit/);
  });

  it('counts the current and two previous financial years (from 1 April)', () => {
    expect(subsidyWindowStart(new Date('2026-05-01T00:00:00Z')).toISOString()).toBe('2024-04-01T00:00:00.000Z');
    expect(subsidyWindowStart(new Date('2026-03-31T23:00:00Z')).toISOString()).toBe('2023-04-01T00:00:00.000Z');
  });
});

describe('payment schedules', () => {
  it('must add up to the award exactly', () => {
    expect(() => assertScheduleSumsTo([{ name: 'a', amountPence: 1 }, { name: 'b', amountPence: 2 }], 3)).not.toThrow();
    expect(() => assertScheduleSumsTo([{ name: 'a', amountPence: 1 }], 3)).toThrow(/add up to £0.01, not the £0.03 awarded/);
  });
});
