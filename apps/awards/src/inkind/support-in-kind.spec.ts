import { assertDates, assertInvoiceable, pricePackage } from './support-in-kind';

const terms = [
  { lot: 'legal' as const, dayRatePence: 75_000, capacityDays: 30, committedDays: 10 },
  { lot: 'finance' as const, dayRatePence: 60_050, capacityDays: 10, committedDays: 0 },
];

describe('support in kind', () => {
  it('prices each lot at days x day rate, in whole pence', () => {
    expect(pricePackage('MV Legal', terms, [{ lot: 'legal', days: 20 }, { lot: 'finance', days: 3 }])).toEqual({
      lots: [
        { lot: 'legal', days: 20, dayRatePence: 75_000, valuePence: 1_500_000 },
        { lot: 'finance', days: 3, dayRatePence: 60_050, valuePence: 180_150 },
      ],
      valuePence: 1_680_150,
    });
  });

  it('refuses days beyond what the supplier has left, a lot it is not on, and a lot twice', () => {
    expect(() => pricePackage('MV Legal', terms, [{ lot: 'legal', days: 21 }])).toThrow('MV Legal has 20 days of legal left, not the 21 asked for');
    expect(() => pricePackage('MV Legal', terms, [{ lot: 'governance', days: 1 }])).toThrow('MV Legal is not on the governance lot');
    expect(() => pricePackage('MV Legal', terms, [{ lot: 'legal', days: 1 }, { lot: 'legal', days: 1 }])).toThrow('more than once');
  });

  it('refuses an invoice beyond the package, naming what is left', () => {
    expect(() => assertInvoiceable(500_001, 1_500_000, 1_000_000)).toThrow('An invoice of £5,000.01 is more than the £5,000.00 left to invoice on this £15,000.00 package');
    expect(() => assertInvoiceable(500_000, 1_500_000, 1_000_000)).not.toThrow();
    expect(() => assertDates('2026-07-01', '2026-06-30')).toThrow('ends');
  });
});
