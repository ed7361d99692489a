import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { PageOf } from '@mutuals/http';
import type { ProgrammeEntity } from './programme.entity';

export const MAX_PENCE = 1_000_000_000_00;

export class CreateProgrammeDto {
  @ApiProperty({ example: 'DD-2014', maxLength: 40, description: 'Upper-case letters, digits and dashes; unique' })
  @IsString() @Length(2, 40) @Matches(/^[A-Z0-9]+(-[A-Z0-9]+)*$/, { message: 'code must be upper-case letters, digits and dashes, e.g. DD-2014' })
  code!: string;

  @ApiProperty({ example: 'Delivering Differently', maxLength: 200 })
  @IsString() @Length(1, 200)
  title!: string;

  @ApiProperty({ example: ['Department for Communities and Local Government', 'Cabinet Office'], description: 'Owning department(s)' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(10) @ArrayUnique() @IsString({ each: true }) @Length(1, 200, { each: true })
  departments!: string[];

  @ApiProperty({ example: 100_000_000, description: 'Integer pence (here £1,000,000)' })
  @IsInt() @Min(1) @Max(MAX_PENCE)
  budgetPence!: number;

  @ApiProperty({ example: 'Section 31 of the Local Government Act 2003', maxLength: 300 })
  @IsString() @Length(1, 300)
  legalPower!: string;

  @ApiProperty({ example: 'GGIS-SCH-004217', maxLength: 60, description: "The scheme's reference in the government grants information system" })
  @IsString() @Length(1, 60)
  grantsSchemeReference!: string;

  @ApiProperty({ example: 'Director, Public Service Transformation', maxLength: 200, description: 'The named senior officer responsible (GovS 015)' })
  @IsString() @Length(1, 200)
  seniorResponsibleOfficer!: string;
}

export class UpdateProgrammeDto extends PartialType(CreateProgrammeDto) {
  @ApiPropertyOptional({ example: 'Budget raised after the spending review', maxLength: 2000, description: 'Why it is changed; kept in the audit history' })
  @IsOptional() @IsString() @Length(1, 2000)
  reason?: string;
}

export class ProgrammeView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'DD-2014' }) code!: string;
  @ApiProperty({ example: 'Delivering Differently' }) title!: string;
  @ApiProperty({ example: ['Department for Communities and Local Government', 'Cabinet Office'] }) departments!: string[];
  @ApiProperty({ example: 100_000_000 }) budgetPence!: number;
  @ApiProperty({ example: 'Section 31 of the Local Government Act 2003' }) legalPower!: string;
  @ApiProperty({ example: 'GGIS-SCH-004217' }) grantsSchemeReference!: string;
  @ApiProperty({ example: 'Director, Public Service Transformation' }) seniorResponsibleOfficer!: string;
  @ApiProperty({ example: 1 }) revision!: number;
  @ApiProperty({ example: '2014-01-06T09:00:00.000Z' }) createdAt!: string;

  static of(p: ProgrammeEntity): ProgrammeView {
    return {
      id: p.id,
      code: p.code,
      title: p.title,
      departments: p.departments,
      budgetPence: p.budgetPence,
      legalPower: p.legalPower,
      grantsSchemeReference: p.grantsSchemeReference,
      seniorResponsibleOfficer: p.seniorResponsibleOfficer,
      revision: p.revision,
      createdAt: p.createdAt.toISOString(),
    };
  }
}

export class ProgrammePage extends PageOf(ProgrammeView, 'Programmes') {}
