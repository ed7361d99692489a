import { readInKind } from './in-kind-form';
import { readReturn, returnFieldOf, returnFormValues } from './monitoring-return-form';
import { readConditions } from './offer-conditions';
import { readSupplier } from './officer-support.controller';

describe('the support-in-kind and monitoring forms', () => {
  it('leaves support in kind out when nothing of it is entered, and asks for the rest once it is started', () => {
    const none = readInKind({});
    expect([none.given, none.errors, none.request]).toEqual([false, {}, undefined]);
    expect(readInKind({ 'inKind-legal-days': '10' }).errors).toEqual({
      inKindSupplier: 'Select the supplier of the support in kind',
      inKindStart: 'Enter the date the support starts',
      inKindEnd: 'Enter the date the support ends',
    });
    const dates = { 'inKindStart-day': '1', 'inKindStart-month': '7', 'inKindStart-year': '2027', 'inKindEnd-day': '31', 'inKindEnd-month': '12', 'inKindEnd-year': '2027' };
    expect(readInKind({ inKindSupplier: 's-1', 'inKind-hr-and-pensions-days': '2.5', ...dates }).errors).toEqual({ 'inKind-hr-and-pensions-days': 'Enter the days of HR and pensions as a whole number, like 10' });
    expect(readInKind({ inKindSupplier: 's-1', ...dates, 'inKindEnd-year': '2026', 'inKind-legal-days': '3' }).errors).toEqual({ inKindEnd: 'The date the support ends must be on or after the date it starts' });
    expect(readInKind({ inKindSupplier: 's-1', 'inKind-legal-days': '10', 'inKind-governance-days': '2', ...dates }).request).toEqual({
      supplierId: 's-1',
      lots: [{ lot: 'legal', days: 10 }, { lot: 'governance', days: 2 }],
      startOn: '2027-07-01',
      endOn: '2027-12-31',
    });
  });

  it('takes a supplier lot only with both its day rate and its capacity', () => {
    const base = { name: 'MV Legal', companyNumber: 'oc 123456', contactName: 'Jo', contactEmail: 'jo@mv.example.org' };
    const { supplier, errors } = readSupplier({ ...base, 'legal-rate': '£750', 'legal-capacity': '1,200' });
    expect(errors).toEqual({});
    expect(supplier).toMatchObject({ companyNumber: 'OC123456', lots: [{ lot: 'legal', dayRatePence: 75_000, capacityDays: 1200 }], conflicts: [] });
    expect(readSupplier({ ...base, 'finance-capacity': '5' }).errors).toEqual({ 'finance-rate': 'Enter the day rate for finance' });
    expect(readSupplier(base).errors).toEqual({ 'legal-rate': 'Enter the day rate and capacity of at least one lot' });
  });

  it('reads a monitoring return, outcomes one to a line as measure: value', () => {
    const form = { returnId: 'r-1', staff: '1,250', contractValue: '£12,000,000', contractRenewals: '0', turnover: '3100000.50', savings: '0', outcomes: 'People supported at home: 1,240\n\n Visits: 3:1 ratio ' };
    expect(readReturn(form)).toMatchObject({
      errors: {},
      figures: {
        staff: 1250,
        contractValuePence: 1_200_000_000,
        contractRenewals: 0,
        turnoverPence: 310_000_050,
        savingsToCommissionerPence: 0,
        outcomes: [{ measure: 'People supported at home', value: '1,240' }, { measure: 'Visits', value: '3:1 ratio' }],
      },
    });
    expect(readReturn({ ...form, staff: '12.5', outcomes: 'no colon here' }).errors).toEqual({
      staff: 'Enter the number of staff the mutual employs as a whole number, like 250',
      outcomes: 'Enter each outcome on its own line as the measure, a colon and the value, like People supported at home: 1,240',
    });
  });

  it('shows a returned return again as it was sent, so reading it back gives the same figures; names the field a refusal is about', () => {
    const sent = { staff: 250, contractValuePence: 1_200_000_050, contractRenewals: 0, turnoverPence: 310_000_000, savingsToCommissionerPence: 0, outcomes: [{ measure: 'Visits', value: '3:1 ratio' }] };
    const values = returnFormValues({ id: 'r-1', ...sent } as never);
    expect(values).toEqual({ returnId: 'r-1', staff: '250', contractValue: '12000000.50', contractRenewals: '0', turnover: '3100000', savings: '0', outcomes: 'Visits: 3:1 ratio' });
    expect(readReturn(values).figures).toEqual(sent);
    expect(['contractRenewals', 'turnoverPence', 'outcomes.1.value', 'returnId'].map(returnFieldOf)).toEqual(['contractRenewals', 'turnover', 'outcomes', undefined]);
  });

  it('reads an offer’s conditions, one to a line, with the due date that ends a line', () => {
    expect(readConditions('Appoint an independent chair, due 31/1/2027\r\n\n  Report on outcomes when due  \nKeep accounts; due 1 12 2027')).toEqual({
      conditions: ['Appoint an independent chair', 'Report on outcomes when due', 'Keep accounts'],
      dueOn: ['2027-01-31', null, '2027-12-01'],
      error: undefined,
    });
    expect(readConditions('Chair, due 30/2/2027\nAccounts, due 31/4/2027').error).toBe('The due date of condition 1 must be a real date, like 31/1/2027');
    expect(readConditions(Array.from({ length: 31 }, (_, i) => `Condition ${i}`).join('\n')).error).toBe('Enter 30 conditions or fewer');
  });
});
