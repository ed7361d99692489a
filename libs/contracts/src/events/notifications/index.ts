import { EventContract } from '../../contract';
import { ContactChanged } from './contact-changed.v1';

export * from './contact-changed.v1';

/** Events the notifications service publishes. */
export const NOTIFICATIONS_EVENTS: readonly EventContract[] = [ContactChanged];
