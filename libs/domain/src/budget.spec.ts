import { assertBudgetCoversCommitted } from './budget';
import { DomainError } from './domain-error';

describe('a budget lowered below what is committed', () => {
  it('is refused as a conflict naming the committed amount in pounds and pence', () => {
    let refusal: unknown;
    try {
      assertBudgetCoversCommitted(5_999_999, 6_000_001, 'Delivering Differently');
    } catch (err) {
      refusal = err;
    }
    expect(refusal).toBeInstanceOf(DomainError);
    expect(refusal).toMatchObject({ kind: 'conflict', code: 'budget-below-committed', details: { committedPence: 6_000_001, budgetPence: 5_999_999 } });
    expect((refusal as Error).message).toBe(
      '£60,000.01 is already committed on Delivering Differently: its budget cannot be lowered below that (£59,999.99 was asked for)',
    );
  });

  it('may come down to exactly what is committed', () => {
    expect(() => assertBudgetCoversCommitted(6_000_001, 6_000_001, 'a fund')).not.toThrow();
    expect(() => assertBudgetCoversCommitted(0, 0, 'a fund')).not.toThrow();
  });
});
