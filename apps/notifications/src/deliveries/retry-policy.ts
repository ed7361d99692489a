/** Attempts before a temporary failure becomes permanent. */
export const MAX_ATTEMPTS = 6;

/** Doubling backoff after the `attempts`-th failed attempt, capped at an hour. */
export function retryDelaySeconds(attempts: number, baseSeconds: number): number {
  return Math.min(baseSeconds * 2 ** Math.max(0, attempts - 1), 3600);
}

export type NotifyStatus = 'delivered' | 'permanent-failure' | 'temporary-failure' | 'technical-failure';

/**
 * What a GOV.UK Notify delivery receipt means for our log. Notify's temporary failure (inbox full,
 * provider busy) and technical failure (Notify's own fault) are both worth another try later.
 */
export function receiptOutcome(status: NotifyStatus): { status: 'delivered' | 'temporary-failure' | 'permanent-failure'; reason: string | null } {
  switch (status) {
    case 'delivered':
      return { status: 'delivered', reason: null };
    case 'permanent-failure':
      return { status: 'permanent-failure', reason: 'the email address does not exist or the provider refused the message' };
    case 'temporary-failure':
      return { status: 'temporary-failure', reason: "the recipient's email provider could not take the message (inbox full or busy)" };
    case 'technical-failure':
      return { status: 'temporary-failure', reason: 'GOV.UK Notify had a technical failure sending the message' };
  }
}
