import { PageOf } from '@mutuals/http';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEmail, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { CONFLICT_KINDS, ConflictKind } from './allocation';

export class ConflictDto {
  @ApiProperty({ enum: CONFLICT_KINDS, example: 'parent-body', description: 'An organisation, a parent body, or a local authority (by its GSS code)' })
  @IsIn(CONFLICT_KINDS)
  kind!: ConflictKind;

  @ApiProperty({ example: 'Bristol City Council', maxLength: 300 })
  @IsString()
  @Length(1, 300)
  value!: string;

  @ApiPropertyOptional({ example: 'Worked in its commissioning team until 2025', maxLength: 2000 })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  reason?: string;
}

export class RegisterAssessorDto {
  @ApiProperty({ example: 'Priya Shah', maxLength: 200 })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ example: 'priya.shah@assessors.example.org' })
  @IsEmail()
  @MaxLength(320)
  email!: string;

  @ApiProperty({ example: ['youth', 'adult-social-care'], description: 'Sectors of expertise' })
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 60, { each: true })
  sectors!: string[];

  @ApiPropertyOptional({ example: ['9c1d7e2a-3b4f-4a5e-8d6c-7b8a9c0d1e2f'], description: 'Programmes and funds whose panel the assessor sits on; none means any' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  programmeIds?: string[];

  @ApiProperty({ example: 6, description: 'Most open (unsubmitted) cases at a time' })
  @IsInt()
  @Min(0)
  @Max(200)
  capacity!: number;

  @ApiPropertyOptional({ type: [ConflictDto], description: 'Declared conflicts of interest; added to any already declared' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ConflictDto)
  conflicts?: ConflictDto[];
}

export class RemoveConflictDto {
  @ApiProperty({ enum: CONFLICT_KINDS, example: 'parent-body' })
  @IsIn(CONFLICT_KINDS)
  kind!: ConflictKind;

  @ApiProperty({ example: 'bristol city council', maxLength: 300 })
  @IsString()
  @Length(1, 300)
  value!: string;

  @ApiProperty({ example: 'Left the commissioning team in 2023; the cooling-off period is over', maxLength: 2000 })
  @IsString()
  @Length(1, 2000)
  reason!: string;
}

export class DeclareConflictDto {
  @ApiProperty({ example: 'My partner is a director of the applicant', maxLength: 2000 })
  @IsString()
  @Length(1, 2000)
  reason!: string;
}

export class ConflictView {
  @ApiProperty({ enum: CONFLICT_KINDS, example: 'parent-body' }) kind!: ConflictKind;
  @ApiProperty({ example: 'bristol city council', description: 'As compared: lower case, spaces collapsed' }) value!: string;
  @ApiProperty({ type: String, nullable: true, example: 'Worked in its commissioning team until 2025' }) reason!: string | null;
}

export class AssessorView {
  @ApiProperty({ example: 'assessor-priya' }) id!: string;
  @ApiProperty({ example: 'Priya Shah' }) name!: string;
  @ApiProperty({ example: 'priya.shah@assessors.example.org' }) email!: string;
  @ApiProperty({ example: ['youth'] }) sectors!: string[];
  @ApiProperty({ example: [], description: 'Panels sat on; none means any programme' }) programmeIds!: string[];
  @ApiProperty({ example: 6 }) capacity!: number;
  @ApiProperty({ example: 2, description: 'Allocated cases not yet submitted' }) openCases!: number;
  @ApiProperty({ type: [ConflictView] }) conflicts!: ConflictView[];
}

export class AssessorPage extends PageOf(AssessorView, 'Assessors') {}
