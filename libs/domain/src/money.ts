/** Money as a whole number of pence; never a float. */
export type Pence = number;

export function assertPence(value: number, what = 'amount'): Pence {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${what} must be a whole, non-negative number of pence`);
  return value;
}

export function pounds(amount: number): Pence {
  return assertPence(Math.round(amount * 100));
}

/** £25,000.00 style, for messages to people. */
export function formatPence(pence: Pence): string {
  const sign = pence < 0 ? '-' : '';
  const abs = Math.abs(pence);
  const whole = Math.floor(abs / 100).toLocaleString('en-GB');
  return `${sign}£${whole}.${String(abs % 100).padStart(2, '0')}`;
}
