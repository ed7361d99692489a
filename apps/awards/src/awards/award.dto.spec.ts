import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { OfferDto } from './award.dto';

describe('an offer’s conditions and their due dates', () => {
  const problems = (conditionsDueOn: unknown) =>
    validateSync(plainToInstance(OfferDto, { conditions: ['Appoint a chair', 'Report after six months'], expiresAt: '2027-03-01T00:00:00Z', conditionsDueOn })).map((e) => e.property);

  it('takes a date or null for each condition, and refuses anything else', () => {
    expect(problems(undefined)).toEqual([]);
    expect(problems(['2027-01-31', null])).toEqual([]);
    expect(problems(['31/01/2027', null])).toEqual(['conditionsDueOn']);
    expect(problems(['2027-02-30', '2027-06-30'])).toEqual(['conditionsDueOn']);
    expect(problems([''])).toEqual(['conditionsDueOn']);
  });
});
