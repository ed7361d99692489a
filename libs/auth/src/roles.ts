export const ROLES = ['applicant', 'assessor', 'programme_officer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, from the verified bearer token. */
export interface AuthenticatedUser {
  /** Stable user id (token subject). */
  id: string;
  roles: Role[];
  name?: string;
  email?: string;
  /** The applicant organisation or local authority the user acts for, when there is one. */
  organisationId?: string;
  /**
   * One document this token may read and nothing else of its kind: the portal asks for it only
   * after awards has confirmed the assessor is allocated to the case and not conflicted.
   */
  documentId?: string;
}

export function hasRole(user: AuthenticatedUser, ...roles: Role[]): boolean {
  return user.roles.some((r) => roles.includes(r));
}
