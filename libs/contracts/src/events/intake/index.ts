import { EventContract } from '../../contract';
import { BidReconsidered, BidReconsiderationRequested } from './bid-reconsideration.v1';
import { BidScreened } from './bid-screened.v1';
import { BidSubmitted } from './bid-submitted.v1';
import { BidWithdrawn } from './bid-withdrawn.v1';
import { ProgrammePublished } from './programme-published.v1';
import { RoundClosed } from './round-closed.v1';
import { RoundOpened } from './round-opened.v1';
import { RoundPublished } from './round-published.v1';

export * from './programme-published.v1';
export * from './round-opened.v1';
export * from './round-closed.v1';
export * from './round-published.v1';
export * from './bid-submitted.v1';
export * from './bid-screened.v1';
export * from './bid-withdrawn.v1';
export * from './bid-reconsideration.v1';

/** Events the intake service publishes. */
export const INTAKE_EVENTS: readonly EventContract[] = [ProgrammePublished, RoundOpened, RoundClosed, BidSubmitted, BidScreened, BidWithdrawn, RoundPublished, BidReconsiderationRequested, BidReconsidered];
