import { EventContract } from '../../contract';
import { ApplicationSubmitted } from './application-submitted.v1';
import { ApplicationWithdrawn } from './application-withdrawn.v1';
import { FundPublished } from './fund-published.v1';
import { OrganisationRegistered, OrganisationUpdated } from './organisation-events.v1';

export * from './application-submitted.v1';
export * from './application-withdrawn.v1';
export * from './fund-published.v1';
export * from './organisation-events.v1';

/** Events the applications service publishes. */
export const APPLICATIONS_EVENTS: readonly EventContract[] = [
  ApplicationSubmitted,
  ApplicationWithdrawn,
  FundPublished,
  OrganisationRegistered,
  OrganisationUpdated,
];
