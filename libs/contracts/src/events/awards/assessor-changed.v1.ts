import { IsArray, IsIn, IsInt, IsISO8601, IsString, IsUUID, Length, Min } from 'class-validator';
import { defineEvent } from '../../contract';

/** An assessor on the panel as an officer left them; no email or conflict details (personal data stays in awards). */
export class AssessorChangedV1 {
  @IsString() @Length(1, 200) assessorId!: string;
  @IsIn(['registered', 'updated', 'conflict-removed']) change!: 'registered' | 'updated' | 'conflict-removed';
  @IsString() @Length(1, 200) name!: string;
  @IsArray() @IsString({ each: true }) sectors!: string[];
  @IsArray() @IsUUID('all', { each: true }) programmeIds!: string[];
  @IsInt() @Min(0) capacity!: number;
  @IsInt() @Min(0) declaredConflicts!: number;
  @IsString() @Length(1, 200) changedBy!: string;
  @IsISO8601({ strict: true }) changedAt!: string;
}

export const AssessorChanged = defineEvent({
  context: 'awards',
  aggregate: 'assessor',
  event: 'changed',
  version: 1,
  description: 'An officer added an assessor to the panel, changed their expertise, panels or capacity, or took back a declared conflict.',
  payload: AssessorChangedV1,
  example: {
    assessorId: 'assessor-priya',
    change: 'updated',
    name: 'Priya Shah',
    sectors: ['youth', 'adult-social-care'],
    programmeIds: ['9c1d7e2a-3b4f-4a5e-8d6c-7b8a9c0d1e2f'],
    capacity: 6,
    declaredConflicts: 1,
    changedBy: 'officer-sam',
    changedAt: '2026-05-14T09:30:00.000Z',
  },
});
