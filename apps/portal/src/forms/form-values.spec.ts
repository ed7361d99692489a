import { endOfUkDay, list, oneOf, parseDate, parsePounds, poundsForInput } from './form-values';

describe('reading money typed into a form', () => {
  it.each([
    ['25000', 2_500_000],
    ['£25,000', 2_500_000],
    [' 18927.5 ', 1_892_750],
    ['0', 0],
  ])('%p is %p pence', (raw, pence) => {
    expect(parsePounds(raw)).toBe(pence);
  });

  it.each(['', 'twenty', '-5', '12.345', '1e6', undefined, ['5']])('%p is not an amount', (raw) => {
    expect(parsePounds(raw)).toBeUndefined();
  });

  it('shows pence back as pounds without a symbol', () => {
    expect(poundsForInput(2_500_000)).toBe('25000');
    expect(poundsForInput(1_892_750)).toBe('18927.50');
    expect(poundsForInput(null)).toBe('');
  });

  it('reads no, one or several ticked boxes', () => {
    expect(list(undefined)).toEqual([]);
    expect(list('legal')).toEqual(['legal']);
    expect(list(['legal', 'financial'])).toEqual(['legal', 'financial']);
  });
});

describe('reading a date typed into the date input', () => {
  it('reads day, month and year as an ISO date', () => {
    expect(parseDate('5', '3', '2027')).toBe('2027-03-05');
    expect(parseDate(' 29 ', '02', '2028')).toBe('2028-02-29');
  });

  it.each([
    ['31', '4', '2027'],
    ['29', '2', '2027'],
    ['', '3', '2027'],
    ['1', '13', '2027'],
    ['1', '1', '27'],
    ['first', 'May', '2027'],
  ])('%p %p %p is not a date', (d, m, y) => {
    expect(parseDate(d, m, y)).toBeUndefined();
  });

  it('ends a day at 23:59:59 UK time, in winter (GMT) and in summer (BST)', () => {
    expect(endOfUkDay('2027-01-15')).toBe('2027-01-15T23:59:59.000Z');
    expect(endOfUkDay('2027-07-15')).toBe('2027-07-15T22:59:59.000Z');
  });
});

describe('reading a filter from the query string', () => {
  it('keeps a value from the list and drops anything else, so a made-up filter shows the whole list', () => {
    expect(oneOf(['open', 'closed'], 'open')).toBe('open');
    expect(oneOf(['open', 'closed'], 'opened')).toBe('');
    expect(oneOf(['open', 'closed'], ['open'])).toBe('');
    expect(oneOf(['open', 'closed'], undefined)).toBe('');
  });
});
