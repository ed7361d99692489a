import { rescreeningEffect, withdrawalEffect } from './source-changes';

const award = (status: string, paidPence = 0) => ({ status, amountPence: 3_000_000, paidPence });

describe('a withdrawal, whatever the case has reached when it arrives', () => {
  it('before the case opened: nothing to close, the recorded withdrawal keeps it from opening', () => {
    expect(withdrawalEffect(undefined, undefined)).toEqual({ kind: 'no-case' });
  });

  it.each(['awaiting-allocation', 'in-assessment', 'moderation', 'assessed', 'approval-pending', 'reserve'] as const)('while %s: closes it, nothing committed', (status) => {
    expect(withdrawalEffect({ status, approvedPence: null }, undefined)).toEqual({ kind: 'close', releasePence: 0 });
  });

  it('approved but not yet offered: closes it and frees the approved amount', () => {
    expect(withdrawalEffect({ status: 'approved', approvedPence: 2_000_000 }, undefined)).toEqual({ kind: 'close', releasePence: 2_000_000 });
  });

  it('offered or accepted: withdraws the award and frees all of it', () => {
    expect(withdrawalEffect({ status: 'offered', approvedPence: 3_000_000 }, award('offered'))).toEqual({ kind: 'withdraw-award', releasePence: 3_000_000, paidPence: 0 });
    expect(withdrawalEffect({ status: 'offered', approvedPence: 3_000_000 }, award('accepted'))).toEqual({ kind: 'withdraw-award', releasePence: 3_000_000, paidPence: 0 });
  });

  it('partly or wholly paid: frees only the unpaid part; what was paid stays committed', () => {
    expect(withdrawalEffect({ status: 'offered', approvedPence: 3_000_000 }, award('active', 1_000_000))).toEqual({ kind: 'withdraw-award', releasePence: 2_000_000, paidPence: 1_000_000 });
    expect(withdrawalEffect({ status: 'offered', approvedPence: 3_000_000 }, award('completed', 3_000_000))).toEqual({ kind: 'withdraw-award', releasePence: 0, paidPence: 3_000_000 });
  });

  it.each([
    ['rejected', undefined],
    ['withdrawn', undefined],
    ['ineligible', undefined],
    ['offered', award('declined')],
    ['offered', award('lapsed')],
    ['offered', award('clawed-back', 1_000_000)],
    ['offered', award('withdrawn')],
  ] as const)('%s (award %o): changes nothing', (status, a) => {
    expect(withdrawalEffect({ status, approvedPence: null }, a)).toMatchObject({ kind: 'nothing' });
  });
});

describe('a bid screened ineligible, whatever its case has reached', () => {
  it('before the case opened: the recorded screening keeps it from opening', () => {
    expect(rescreeningEffect(undefined, undefined)).toEqual({ kind: 'no-case' });
  });

  it.each(['awaiting-allocation', 'in-assessment', 'moderation', 'assessed', 'approval-pending', 'reserve'] as const)('while %s: closes the case', (status) => {
    expect(rescreeningEffect({ status, approvedPence: null }, undefined)).toEqual({ kind: 'close' });
  });

  it('approved, offered, accepted or paid: the decision stands and is flagged', () => {
    expect(rescreeningEffect({ status: 'approved', approvedPence: 1 }, undefined)).toEqual({ kind: 'refuse-and-flag' });
    for (const status of ['offered', 'accepted', 'active', 'completed', 'clawed-back']) {
      expect(rescreeningEffect({ status: 'offered', approvedPence: 1 }, award(status))).toEqual({ kind: 'refuse-and-flag' });
    }
  });

  it('rejected, withdrawn, or an offer nobody took up: nothing stands to be paid, nothing to do', () => {
    expect(rescreeningEffect({ status: 'rejected', approvedPence: null }, undefined)).toMatchObject({ kind: 'nothing' });
    expect(rescreeningEffect({ status: 'withdrawn', approvedPence: null }, undefined)).toMatchObject({ kind: 'nothing' });
    expect(rescreeningEffect({ status: 'offered', approvedPence: 1 }, award('lapsed'))).toMatchObject({ kind: 'nothing' });
  });
});
