import { countWords } from './word-count';

describe('counting words as a person would', () => {
  it.each([
    ['', 0],
    ['   \n\t ', 0],
    ['Legal advice', 2],
    ['  Legal   advice \n\n for our\tstaff  ', 5],
    ['a staff-led, employee-owned mutual', 4],
    ["we're the staff's own company", 5],
    ['We ask for £25,000 (about 12.5% of costs)', 8],
    ['Legal advice - and pensions & HR', 5],
    ['Legal advice — and pensions', 4],
    ['advice—pensions–HR', 3],
    ['See https://www.gov.uk/guidance/mutuals, please.', 3],
    ['Café, naïve, Ysgol Gymraeg', 4],
    ['line one\r\nline two\u00a0end', 5],
    ['1. Governance 2. Pensions', 4],
  ])('%j has %i words', (text, words) => {
    expect(countWords(text)).toBe(words);
  });

  it('counts a 500-word answer as 500', () => {
    expect(countWords(Array.from({ length: 500 }, (_, i) => `word${i}`).join(' '))).toBe(500);
  });
});
