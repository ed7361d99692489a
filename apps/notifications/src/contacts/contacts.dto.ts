import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageOf, PageQuery } from '@mutuals/http';
import { IsEmail, IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { CONTACT_KINDS, ContactKind } from '../events/message-plans';
import type { Contact } from './contacts.repository';

export class NewContactDto {
  @ApiProperty({ enum: CONTACT_KINDS, example: 'council', description: 'officer: budget alerts; council: round openings and closing reminders' })
  @IsIn(CONTACT_KINDS)
  kind!: ContactKind;

  @ApiProperty({ example: 'Jo Bennett', maxLength: 200 })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ example: 'jo.bennett@liverpool.example.gov.uk', maxLength: 320 })
  @IsEmail()
  @MaxLength(320)
  email!: string;

  @ApiPropertyOptional({ example: 'Liverpool City Council', maxLength: 200 })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  organisation?: string;

  @ApiPropertyOptional({ example: 'New head of commissioning at Liverpool', maxLength: 2000, description: 'Why they are added; kept with the change' })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  reason?: string;
}

export class RemoveContactQuery {
  @ApiPropertyOptional({ example: 'Left the council', maxLength: 2000, description: 'Why they are removed; kept with the change' })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  reason?: string;
}

export class ContactQuery extends PageQuery {
  @ApiPropertyOptional({ enum: CONTACT_KINDS })
  @IsOptional()
  @IsIn(CONTACT_KINDS)
  kind?: ContactKind;
}

export class ContactView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: CONTACT_KINDS, example: 'council' }) kind!: string;
  @ApiProperty({ example: 'Jo Bennett' }) name!: string;
  @ApiProperty({ example: 'jo.bennett@liverpool.example.gov.uk' }) email!: string;
  @ApiProperty({ type: String, nullable: true, example: 'Liverpool City Council' }) organisation!: string | null;
  @ApiProperty({ example: '2026-05-14T16:59:59.000Z' }) createdAt!: string;

  static of(c: Contact): ContactView {
    return { id: c.id, kind: c.kind, name: c.name, email: c.email, organisation: c.organisation, createdAt: c.createdAt.toISOString() };
  }
}

export class ContactPage extends PageOf(ContactView, 'Contacts of the kind asked for') {}

export class ContactChangeView {
  @ApiProperty({ format: 'uuid' }) contactId!: string;
  @ApiProperty({ enum: ['added', 'removed'] }) action!: 'added' | 'removed';
  @ApiProperty({ enum: CONTACT_KINDS }) kind!: ContactKind;
  @ApiProperty({ example: 'jo.bennett@liverpool.example.gov.uk' }) email!: string;
  @ApiProperty({ example: 'officer-sam', description: 'Who made the change' }) actor!: string;
  @ApiProperty({ type: String, nullable: true, example: 'Left the council' }) reason!: string | null;
  @ApiProperty({ example: '2026-05-14T16:59:59.000Z' }) at!: string;
}

export class ContactChangePage extends PageOf(ContactChangeView, 'Changes to the contact lists') {}
