import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ContactsRepository } from '../contacts/contacts.repository';
import { NotificationsConfig } from '../config';
import { ContactKind } from '../events/message-plans';

/** The people no event names: the programme officer and the councils of the demo rounds. */
export const DEMO_CONTACTS: { kind: ContactKind; name: string; email: string; organisation: string }[] = [
  { kind: 'officer', name: 'Sam Patel', email: 'sam.patel@cabinetoffice.example.gov.uk', organisation: 'Cabinet Office' },
  { kind: 'council', name: 'Jo Bennett', email: 'jo.bennett@liverpool.example.gov.uk', organisation: 'Liverpool City Council' },
  { kind: 'council', name: 'Chris Hale', email: 'chris.hale@devon.example.gov.uk', organisation: 'Devon County Council' },
  { kind: 'council', name: 'Aisha Khan', email: 'aisha.khan@bristol.example.gov.uk', organisation: 'Bristol City Council' },
];

/** Seeds the contact lists for the local quick start (DEMO_DATA=true); once, however often the service starts. */
@Injectable()
export class DemoDataSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger('DemoData');

  constructor(
    private readonly config: NotificationsConfig,
    private readonly contacts: ContactsRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.DEMO_DATA) return;
    const existing = new Set((await this.contacts.list()).map((c) => `${c.kind}:${c.email}`));
    const missing = DEMO_CONTACTS.filter((c) => !existing.has(`${c.kind}:${c.email}`));
    for (const contact of missing) await this.contacts.add(contact);
    if (missing.length > 0) this.logger.log(`demo data seeded: ${missing.length} contacts`);
  }
}
