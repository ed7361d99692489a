import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { defineEvent } from '../../contract';

/** A change to the officer or council contact lists; no email address (personal data stays in notifications). */
export class ContactChangedV1 {
  @IsUUID() contactId!: string;
  @IsIn(['added', 'removed']) change!: 'added' | 'removed';
  @IsIn(['officer', 'council']) list!: 'officer' | 'council';
  @IsString() @Length(1, 200) name!: string;
  @IsOptional() @IsString() @Length(1, 200) organisation?: string | null;
  @IsString() @Length(1, 200) changedBy!: string;
  @IsOptional() @IsString() @Length(1, 2000) reason?: string | null;
  @IsISO8601({ strict: true }) changedAt!: string;
}

export const ContactChanged = defineEvent({
  context: 'notifications',
  aggregate: 'contact',
  event: 'changed',
  version: 1,
  description: 'An officer (or the demo seeder, as system) added someone to, or removed them from, the officer or council contact list.',
  payload: ContactChangedV1,
  example: {
    contactId: '4b8f0a2e-6d1c-4e7a-9f3b-2c5d8e1a7b90',
    change: 'added',
    list: 'council',
    name: 'Jo Bennett',
    organisation: 'Liverpool',
    changedBy: 'officer-sam',
    reason: 'New head of commissioning',
    changedAt: '2026-05-14T09:30:00.000Z',
  },
});
