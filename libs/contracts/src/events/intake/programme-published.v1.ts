import { IsArray, IsInt, IsString, IsUUID, Length, Min } from 'class-validator';
import { defineEvent } from '../../contract';

/** A bid programme's current settings, published whenever an officer creates or changes it. */
export class ProgrammePublishedV1 {
  @IsUUID() programmeId!: string;
  @IsString() @Length(1, 40) code!: string;
  @IsString() @Length(1, 200) title!: string;
  @IsArray() @IsString({ each: true }) departments!: string[];
  @IsInt() @Min(0) budgetPence!: number;
  @IsString() @Length(1, 200) seniorResponsibleOfficer!: string;
  @IsInt() @Min(1) revision!: number;
}

export const ProgrammePublished = defineEvent({
  context: 'intake',
  aggregate: 'programme',
  event: 'published',
  version: 1,
  description: "A bid programme's settings (budget, owning departments, responsible officer), sent on every change.",
  payload: ProgrammePublishedV1,
  example: {
    programmeId: '9c1d7e2a-3b4f-4a5e-8d6c-7b8a9c0d1e2f',
    code: 'DD-2014',
    title: 'Delivering Differently',
    departments: ['Department for Communities and Local Government', 'Cabinet Office'],
    budgetPence: 100_000_000,
    seniorResponsibleOfficer: 'Director, Public Service Transformation',
    revision: 1,
  },
});
