import { DirectoryRuleError, DirectoryRules, DirectoryUser } from './directory-rules';

const AT = new Date('2026-06-01T12:00:00Z');
const user = (over: Partial<DirectoryUser> = {}): DirectoryUser => ({
  id: '11111111-1111-4111-8111-111111111111',
  name: 'Sam Okafor',
  email: 'sam@example.gov.uk',
  roles: ['admin'],
  expertise: [],
  status: 'active',
  createdAt: AT.toISOString(),
  updatedAt: AT.toISOString(),
  ...over,
});
const ADMIN_ID = '22222222-2222-4222-8222-222222222222';

function refusal(fn: () => unknown): { code: string; field: string; message: string } {
  try {
    fn();
  } catch (err) {
    if (err instanceof DirectoryRuleError) return { code: err.code, field: err.field, message: err.message };
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('directory rules', () => {
  describe('roles and memberships', () => {
    it('keeps roles once each, in a stable order, with the sectors an assessor knows', () => {
      expect(DirectoryRules.membership({ roles: ['admin', 'programme_officer', 'admin'] }, AT)).toEqual({ roles: ['programme_officer', 'admin'], expertise: [], organisationId: undefined, authorityCode: undefined });
      expect(DirectoryRules.membership({ roles: ['assessor'], expertise: ['health', 'adult-social-care', 'health'] }, AT).expertise).toEqual(['adult-social-care', 'health']);
    });

    it('needs at least one known role', () => {
      expect(refusal(() => DirectoryRules.membership({ roles: [] }, AT))).toMatchObject({ code: 'no-role', field: 'roles' });
      expect(refusal(() => DirectoryRules.membership({ roles: ['superuser'] }, AT))).toMatchObject({ code: 'unknown-role' });
    });

    it('a council user is an applicant with an authority in the register, in force on the day', () => {
      expect(DirectoryRules.membership({ roles: ['applicant'], authorityCode: 'e10000008' }, AT)).toMatchObject({ roles: ['applicant'], authorityCode: 'E10000008' });
      expect(refusal(() => DirectoryRules.membership({ roles: ['assessor'], authorityCode: 'E10000008' }, AT))).toMatchObject({ code: 'authority-needs-applicant', field: 'authorityCode' });
      expect(refusal(() => DirectoryRules.membership({ roles: ['applicant'], authorityCode: 'E06999999' }, AT))).toMatchObject({ code: 'unknown-authority', message: expect.stringContaining('not an English local authority') });
    });

    it('an applicant acts for one organisation or one council, and holds no staff role', () => {
      const org = '4a3e2c1b-0d9f-4e8a-b7c6-5d4e3f2a1b0c';
      expect(DirectoryRules.membership({ roles: ['applicant'], organisationId: org }, AT).organisationId).toBe(org);
      expect(refusal(() => DirectoryRules.membership({ roles: ['applicant'], organisationId: org, authorityCode: 'E10000008' }, AT)).code).toBe('organisation-and-authority');
      expect(refusal(() => DirectoryRules.membership({ roles: ['programme_officer'], organisationId: org }, AT)).code).toBe('organisation-needs-applicant');
      expect(refusal(() => DirectoryRules.membership({ roles: ['applicant'], organisationId: 'not-a-uuid' }, AT)).code).toBe('bad-organisation');
      expect(refusal(() => DirectoryRules.membership({ roles: ['applicant', 'assessor'] }, AT)).code).toBe('applicant-with-staff-role');
    });

    it('only assessors have expertise, from the sectors', () => {
      expect(refusal(() => DirectoryRules.membership({ roles: ['programme_officer'], expertise: ['health'] }, AT)).code).toBe('expertise-needs-assessor');
      expect(refusal(() => DirectoryRules.membership({ roles: ['assessor'], expertise: ['astrology'] }, AT)).code).toBe('unknown-expertise');
    });
  });

  describe('people and reasons', () => {
    it('trims names and emails, and refuses what is not an email', () => {
      expect(DirectoryRules.person({ name: ' Priya Shah ', email: ' Priya@Example.org ' })).toEqual({ name: 'Priya Shah', email: 'Priya@Example.org' });
      expect(refusal(() => DirectoryRules.person({ name: '', email: 'a@b.org' })).field).toBe('name');
      expect(refusal(() => DirectoryRules.person({ name: 'A', email: 'not an email' })).code).toBe('bad-email');
    });

    it('every change needs a reason of at most 2,000 characters', () => {
      expect(DirectoryRules.reason('  New assessor for round 3 ')).toBe('New assessor for round 3');
      expect(refusal(() => DirectoryRules.reason('   '))).toMatchObject({ code: 'no-reason', field: 'reason' });
      expect(refusal(() => DirectoryRules.reason('x'.repeat(2001))).code).toBe('reason-too-long');
    });
  });

  describe('changes an admin may make', () => {
    it('never removes the last active admin, nor an admin’s own admin role', () => {
      const officer = DirectoryRules.membership({ roles: ['programme_officer'] }, AT);
      expect(refusal(() => DirectoryRules.changeRoles(user(), officer, ADMIN_ID, 1)).code).toBe('last-admin');
      expect(() => DirectoryRules.changeRoles(user(), officer, ADMIN_ID, 2)).not.toThrow();
      expect(refusal(() => DirectoryRules.changeRoles(user({ id: ADMIN_ID }), officer, ADMIN_ID, 3)).code).toBe('own-admin-role');
      // An invited admin who never signed in is not one of the active admins.
      expect(() => DirectoryRules.changeRoles(user({ status: 'invited' }), officer, ADMIN_ID, 1)).not.toThrow();
    });

    it('does not change a deactivated user’s roles', () => {
      expect(refusal(() => DirectoryRules.changeRoles(user({ status: 'deactivated', roles: ['assessor'] }), { roles: ['assessor'], expertise: [] }, ADMIN_ID, 2)).code).toBe('user-deactivated');
    });

    it('deactivates anyone but yourself and the last active admin; reactivates only the deactivated', () => {
      expect(refusal(() => DirectoryRules.deactivate(user({ id: ADMIN_ID }), ADMIN_ID, 5)).code).toBe('deactivate-self');
      expect(refusal(() => DirectoryRules.deactivate(user(), ADMIN_ID, 1)).code).toBe('last-admin');
      expect(() => DirectoryRules.deactivate(user({ roles: ['assessor'] }), ADMIN_ID, 1)).not.toThrow();
      expect(refusal(() => DirectoryRules.deactivate(user({ status: 'deactivated' }), ADMIN_ID, 2)).code).toBe('already-deactivated');
      expect(refusal(() => DirectoryRules.reactivate(user())).code).toBe('not-deactivated');
      expect(() => DirectoryRules.reactivate(user({ status: 'deactivated' }))).not.toThrow();
    });
  });

  describe('pages a user reaches', () => {
    it('lands on their day-to-day work and reaches every kind of page their roles open', () => {
      expect(DirectoryRules.personas({ roles: ['programme_officer', 'admin'], expertise: [] })).toEqual(['officer', 'admin']);
      expect(DirectoryRules.personas({ roles: ['admin'], expertise: [] })).toEqual(['admin']);
      expect(DirectoryRules.personas({ roles: ['applicant'], authorityCode: 'E10000008', expertise: [] })).toEqual(['council']);
      expect(DirectoryRules.personas({ roles: ['applicant'], expertise: [] })).toEqual(['applicant']);
      expect(DirectoryRules.personas({ roles: ['assessor', 'programme_officer'], expertise: [] })).toEqual(['officer', 'assessor']);
    });
  });
});
