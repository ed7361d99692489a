import { Candidate, chooseAssessors, conflictWith } from './allocation';

const bid = { organisationName: 'Liverpool City Council', parentBody: null, authorityCodes: ['E08000012', 'E08000011'], sector: 'youth' };
const app = { organisationName: '3BM', parentBody: 'Bristol City Council', authorityCodes: [], sector: 'school-support' };
const assessor = (id: string, extra: Partial<Candidate> = {}): Candidate => ({ id, sectors: [], capacity: 5, openCases: 0, conflicts: [], ...extra });

describe('conflicts of interest', () => {
  it('match an organisation, a parent body or any authority of a joint bid, ignoring case and spacing', () => {
    expect(conflictWith(assessor('a', { conflicts: [{ kind: 'organisation', value: '3bm' }] }), app)).toBeDefined();
    expect(conflictWith(assessor('a', { conflicts: [{ kind: 'parent-body', value: 'bristol city council' }] }), app)).toBeDefined();
    expect(conflictWith(assessor('a', { conflicts: [{ kind: 'authority', value: 'e08000011' }] }), bid)).toBeDefined();
    // a parent body declared as an organisation is still the same body
    expect(conflictWith(assessor('a', { conflicts: [{ kind: 'organisation', value: 'bristol city council' }] }), app)).toBeDefined();
    expect(conflictWith(assessor('a', { conflicts: [{ kind: 'organisation', value: 'devon county council' }] }), app)).toBeUndefined();
  });
});

describe('choosing assessors', () => {
  it('never picks a conflicted, full or excluded assessor', () => {
    const choice = chooseAssessors(
      bid,
      [
        assessor('conflicted', { conflicts: [{ kind: 'authority', value: 'e08000012' }] }),
        assessor('full', { capacity: 2, openCases: 2 }),
        assessor('replaced'),
        assessor('free'),
      ],
      2,
      new Set(['replaced']),
    );
    expect(choice.chosen).toEqual(['free']);
    expect(choice.shortfall).toBe('Only 1 of 2 assessors available: 1 with a conflict of interest, 1 at capacity, 4 registered');
  });

  it('prefers matching expertise, then the least loaded', () => {
    const choice = chooseAssessors(
      bid,
      [assessor('busy-expert', { sectors: ['youth'], openCases: 4 }), assessor('idle'), assessor('half', { openCases: 2 }), assessor('idle-expert', { sectors: ['youth'] })],
      3,
      new Set(),
    );
    expect(choice).toEqual({ chosen: ['idle-expert', 'busy-expert', 'idle'] });
  });
});
