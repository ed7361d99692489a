import { csvField, csvRow, poundsColumn } from './csv';

describe('CSV export fields', () => {
  it.each([
    ['3BM', '3BM'],
    ['Hazlitt Arts Centre, Maidstone', '"Hazlitt Arts Centre, Maidstone"'],
    ['The "Blackpool" youth service', '"The ""Blackpool"" youth service"'],
    ['line one\nline two', '"line one\nline two"'],
    [' padded ', '" padded "'],
    ['=HYPERLINK("http://evil.example")', `"'=HYPERLINK(""http://evil.example"")"`],
    ['-1+1', "'-1+1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    [2500000, '2500000'],
    [null, ''],
    [undefined, ''],
    ['', ''],
  ])('%j is written as %s', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it('ends each row with CRLF', () => {
    expect(csvRow(['a', 'b,c', null])).toBe('a,"b,c",\r\n');
  });

  it('writes pence as exact pounds', () => {
    expect(poundsColumn(1_892_700)).toBe('18927.00');
    expect(poundsColumn(1)).toBe('0.01');
    expect(poundsColumn(null)).toBe('');
  });
});
