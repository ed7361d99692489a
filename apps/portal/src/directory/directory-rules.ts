import { ROLES, Role } from '@mutuals/auth';
import { DomainError, localAuthorities, SECTORS } from '@mutuals/domain';
import type { Persona } from '../auth/personas';

export const USER_STATUSES = ['invited', 'active', 'deactivated'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

/** Who holds which roles and acts for what. */
export interface Membership {
  roles: Role[];
  /** The applicant organisation (applications service id) an applicant acts for. */
  organisationId?: string;
  /** The council (ONS code) a council user acts for. */
  authorityCode?: string;
  /** Sectors an assessor knows well (the sector codes rounds and applications use). */
  expertise: string[];
}

export interface DirectoryUser extends Membership {
  id: string;
  name: string;
  email: string;
  status: UserStatus;
  oidcIssuer?: string;
  oidcSubject?: string;
  createdAt: string;
  updatedAt: string;
}

/** A refused change: which form field it concerns, and a message for the person making it. */
export class DirectoryRuleError extends DomainError {
  constructor(code: string, message: string, readonly field: string, kind: 'unprocessable' | 'conflict' = 'unprocessable') {
    super(kind, code, message, { fields: [field] });
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const REASON_LIMIT = 2000;
export const NAME_LIMIT = 200;
/** Staff roles: people of the programme, never the organisations and councils it funds. */
const STAFF_ROLES: readonly Role[] = ['assessor', 'programme_officer', 'admin'];

/** Persona order when a user holds several roles: the page they land on is their day-to-day work. */
const PERSONA_ORDER: readonly Persona[] = ['council', 'applicant', 'officer', 'assessor', 'admin'];

/**
 * The directory's rules, as plain functions of the records: which roles and memberships fit
 * together, and which changes an admin may make. The service applies them inside its transactions.
 */
export const DirectoryRules = {
  /** The membership to store (roles de-duplicated and in a stable order), or the first rule it breaks. */
  membership(input: { roles: readonly string[]; organisationId?: string; authorityCode?: string; expertise?: readonly string[] }, at: Date): Membership {
    const roles = ROLES.filter((r) => input.roles.includes(r));
    const unknown = input.roles.filter((r) => !(ROLES as readonly string[]).includes(r));
    if (unknown.length > 0) throw new DirectoryRuleError('unknown-role', `${unknown.join(', ')} is not a role of this platform`, 'roles');
    if (roles.length === 0) throw new DirectoryRuleError('no-role', 'Select at least one role', 'roles');
    const applicant = roles.includes('applicant');
    if (applicant && roles.some((r) => STAFF_ROLES.includes(r))) {
      throw new DirectoryRuleError('applicant-with-staff-role', 'An applicant cannot also be an assessor, programme officer or admin: use a separate account', 'roles');
    }
    const organisationId = input.organisationId || undefined;
    const authorityCode = input.authorityCode?.toUpperCase() || undefined;
    if (organisationId && authorityCode) throw new DirectoryRuleError('organisation-and-authority', 'Choose either an organisation or a council, not both', 'authorityCode');
    if (organisationId && !applicant) throw new DirectoryRuleError('organisation-needs-applicant', 'Only an applicant acts for an organisation', 'organisationId');
    if (authorityCode && !applicant) throw new DirectoryRuleError('authority-needs-applicant', 'Only an applicant acts for a council', 'authorityCode');
    if (organisationId && !UUID.test(organisationId)) throw new DirectoryRuleError('bad-organisation', 'Enter the organisation id as the applications service shows it (a UUID)', 'organisationId');
    if (authorityCode) {
      try {
        localAuthorities.require(authorityCode, at, 'authorityCode');
      } catch (err) {
        throw new DirectoryRuleError('unknown-authority', (err as Error).message, 'authorityCode');
      }
    }
    const expertise = [...new Set(input.expertise ?? [])];
    if (expertise.length > 0 && !roles.includes('assessor')) throw new DirectoryRuleError('expertise-needs-assessor', 'Only an assessor has expertise', 'expertise');
    const unknownSectors = expertise.filter((e) => !(SECTORS as readonly string[]).includes(e));
    if (unknownSectors.length > 0) throw new DirectoryRuleError('unknown-expertise', `${unknownSectors.join(', ')} is not a sector`, 'expertise');
    return { roles, organisationId, authorityCode, expertise: SECTORS.filter((s) => expertise.includes(s)) };
  },

  /** A person's name and email as stored (email compared without regard to case). */
  person(input: { name: string; email: string }): { name: string; email: string } {
    const name = input.name.trim();
    const email = input.email.trim();
    if (!name) throw new DirectoryRuleError('no-name', 'Enter the person’s full name', 'name');
    if (name.length > NAME_LIMIT) throw new DirectoryRuleError('name-too-long', 'The name must be 200 characters or fewer', 'name');
    if (!email) throw new DirectoryRuleError('no-email', 'Enter the person’s email address', 'email');
    if (!EMAIL.test(email) || email.length > 320) throw new DirectoryRuleError('bad-email', 'Enter an email address in the correct format, like name@example.gov.uk', 'email');
    return { name, email };
  },

  /** Every change needs a reason, for the audit. */
  reason(input: string | undefined): string {
    const reason = (input ?? '').trim();
    if (!reason) throw new DirectoryRuleError('no-reason', 'Enter why you are making this change', 'reason');
    if (reason.length > REASON_LIMIT) throw new DirectoryRuleError('reason-too-long', 'The reason must be 2,000 characters or fewer', 'reason');
    return reason;
  },

  /** Changing roles: never the last active admin's admin role, nor an admin's own (they would lock themselves out). */
  changeRoles(user: DirectoryUser, next: Membership, actorId: string, activeAdmins: number): void {
    if (user.status === 'deactivated') throw new DirectoryRuleError('user-deactivated', 'Reactivate the user before changing their roles', 'roles', 'conflict');
    const losesAdmin = user.roles.includes('admin') && !next.roles.includes('admin');
    if (losesAdmin && user.id === actorId) throw new DirectoryRuleError('own-admin-role', 'You cannot remove your own admin role: ask another admin', 'roles', 'conflict');
    if (losesAdmin && user.status === 'active' && activeAdmins <= 1) {
      throw new DirectoryRuleError('last-admin', 'This is the last active admin: make someone else an admin first', 'roles', 'conflict');
    }
  },

  deactivate(user: DirectoryUser, actorId: string, activeAdmins: number): void {
    if (user.id === actorId) throw new DirectoryRuleError('deactivate-self', 'You cannot deactivate yourself: ask another admin', 'reason', 'conflict');
    if (user.status === 'deactivated') throw new DirectoryRuleError('already-deactivated', 'This user is already deactivated', 'reason', 'conflict');
    if (user.status === 'active' && user.roles.includes('admin') && activeAdmins <= 1) {
      throw new DirectoryRuleError('last-admin', 'This is the last active admin: make someone else an admin first', 'reason', 'conflict');
    }
  },

  reactivate(user: DirectoryUser): void {
    if (user.status !== 'deactivated') throw new DirectoryRuleError('not-deactivated', 'Only a deactivated user can be reactivated', 'reason', 'conflict');
  },

  /** A new invitation for someone who has not accepted theirs yet (the old links stop working). */
  reinvite(user: DirectoryUser): void {
    if (user.status !== 'invited') throw new DirectoryRuleError('not-invited', 'Only a user who has not accepted their invitation can be sent a new one', 'reason', 'conflict');
  },

  /**
   * The pages a user's roles open: a council user (an applicant acting for an authority) gets the
   * council pages, an applicant the applicant's, and each staff role its own. The first is the
   * home page, in the order of PERSONA_ORDER.
   */
  personas(membership: Membership): Persona[] {
    const held = new Set<Persona>();
    if (membership.roles.includes('applicant')) held.add(membership.authorityCode ? 'council' : 'applicant');
    if (membership.roles.includes('programme_officer')) held.add('officer');
    if (membership.roles.includes('assessor')) held.add('assessor');
    if (membership.roles.includes('admin')) held.add('admin');
    return PERSONA_ORDER.filter((p) => held.has(p));
  },
};
