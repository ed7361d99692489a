import { isValidRegistrationNumber, normaliseRegistrationNumber } from './registration-numbers';

describe('registration number formats', () => {
  it.each(['01234567', 'SC123456', 'NI012345', 'OC301234', 'sc 123456'])('Companies House number %s is accepted', (n) => {
    expect(isValidRegistrationNumber('companiesHouseNumber', n)).toBe(true);
  });
  it.each(['1234567', '123456789', 'XX123456', 'SC12345', 'SC-123456', ''])('Companies House number %j is refused', (n) => {
    expect(isValidRegistrationNumber('companiesHouseNumber', n)).toBe(false);
  });

  it.each(['1123456', '212345', '1123456-1', 'SC012345', 'NIC100002'])('charity number %s is accepted', (n) => {
    expect(isValidRegistrationNumber('charityNumber', n)).toBe(true);
  });
  it.each(['12345', '12345678', 'SC12345', 'NI100002', 'charity'])('charity number %j is refused', (n) => {
    expect(isValidRegistrationNumber('charityNumber', n)).toBe(false);
  });

  it.each(['30178R', '1R', 'RS007654', 'rs007654'])('society number %s is accepted', (n) => {
    expect(isValidRegistrationNumber('societyNumber', n)).toBe(true);
  });
  it.each(['30178', '1234567R', 'RS12345', 'R30178'])('society number %j is refused', (n) => {
    expect(isValidRegistrationNumber('societyNumber', n)).toBe(false);
  });

  it('normalises spaces and case', () => {
    expect(normaliseRegistrationNumber(' sc 123 456 ')).toBe('SC123456');
  });
});
