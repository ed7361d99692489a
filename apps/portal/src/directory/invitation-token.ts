import { createHash, randomBytes } from 'node:crypto';

/** A new invitation token (32 random bytes): it goes only into the link; the directory keeps its hash. */
export function newInvitationToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: invitationTokenHash(token) };
}

/** SHA-256 of the token: a stolen copy of the table gives no working link. */
export function invitationTokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A token as links carry it (43 base64url characters); anything else is not looked up at all. */
export const INVITATION_TOKEN = /^[A-Za-z0-9_-]{43}$/;
