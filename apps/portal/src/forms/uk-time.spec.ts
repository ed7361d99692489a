import { parseTime, readUkTime, ukTimeFields, ukTimeToUtc } from './uk-time';

describe('times entered in UK time', () => {
  it('are GMT in winter and BST in summer', () => {
    expect(ukTimeToUtc('2027-01-15', '16:00')).toBe('2027-01-15T16:00:00.000Z');
    expect(ukTimeToUtc('2014-05-30', '17:00')).toBe('2014-05-30T16:00:00.000Z');
  });

  it('are refused in the hour skipped when the clocks go forward, and taken as BST in the hour repeated when they go back', () => {
    expect(ukTimeToUtc('2027-03-28', '01:30')).toBeUndefined();
    expect(ukTimeToUtc('2027-03-28', '02:00')).toBe('2027-03-28T01:00:00.000Z');
    expect(ukTimeToUtc('2027-10-31', '01:30')).toBe('2027-10-31T00:30:00.000Z');
    expect(ukTimeToUtc('2027-10-31', '02:00')).toBe('2027-10-31T02:00:00.000Z');
  });

  it('are shown back as they were entered', () => {
    expect(ukTimeFields('2014-05-30T16:00:00.000Z')).toEqual({ day: '30', month: '5', year: '2014', time: '17:00' });
    expect(ukTimeFields('2027-01-05T09:05:00.000Z')).toEqual({ day: '5', month: '1', year: '2027', time: '09:05' });
    expect(ukTimeFields(ukTimeToUtc('2027-10-31', '01:30'))).toMatchObject({ time: '01:30' });
  });

  it.each([['9:00', '09:00'], ['17.30', '17:30'], ['24:00', undefined], ['5pm', undefined], ['', undefined]])('reads %p as %p', (raw, time) => {
    expect(parseTime(raw)).toBe(time);
  });

  it('says what is wrong with a date and time typed into a form', () => {
    const body = { 'closes-day': '30', 'closes-month': '5', 'closes-year': '2014', 'closes-time': '17:00' };
    expect(readUkTime(body, 'closes', 'it closes').utc).toBe('2014-05-30T16:00:00.000Z');
    expect(readUkTime({ ...body, 'closes-day': '31', 'closes-month': '6' }, 'closes', 'it closes').error).toBe('The date it closes must be a real date, for example 30 5 2027');
    expect(readUkTime({ ...body, 'closes-time': '' }, 'closes', 'it closes').error).toContain('Enter the time it closes');
    expect(readUkTime({}, 'closes', 'it closes').error).toBe('Enter the date it closes');
  });
});
