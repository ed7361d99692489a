import { list, parsePounds, poundsForInput } from './form-values';

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
