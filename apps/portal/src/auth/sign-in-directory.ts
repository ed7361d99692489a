import type { SignedInUser } from './personas';

/** Why the directory will not let someone in. */
export const SIGN_IN_REFUSALS = ['unknown', 'deactivated', 'email-not-verified', 'invitation-invalid', 'invitation-expired', 'invitation-used', 'email-mismatch'] as const;
export type SignInRefusal = (typeof SIGN_IN_REFUSALS)[number];

/** Who signed in at the identity provider, and the invitation they came with, if any. */
export interface SignInIdentity {
  issuer: string;
  subject: string;
  email?: string;
  emailVerified: boolean;
  invitationToken?: string;
}

export type SignInMatch = { kind: 'signed-in'; user: SignedInUser } | { kind: 'refused'; reason: SignInRefusal };

/**
 * What sign-in needs of the user directory: the account an identity belongs to (by issuer and
 * subject, or on first sign-in by verified email or invitation), with its roles, organisation and
 * authority. Nothing in the provider's answer decides those.
 */
export abstract class SignInDirectory {
  abstract matchSignIn(identity: SignInIdentity): Promise<SignInMatch>;
}
