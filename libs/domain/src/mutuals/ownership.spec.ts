import { ownershipProblem } from './ownership';

describe('ownership shares', () => {
  it('may add up to 100% but no more', () => {
    expect(ownershipProblem({ employeeSharePercent: 51, parentBodySharePercent: 49, partnerSharePercent: null })).toBeUndefined();
    expect(ownershipProblem({ employeeSharePercent: 60, parentBodySharePercent: 30, partnerSharePercent: 11 })).toBe(
      'Ownership shares add up to 101%: employees, parent body and partners together can hold at most 100%',
    );
  });
});
