import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsEmail, IsIn, IsInt, IsISO8601, IsNumber, IsOptional, IsString, IsUUID, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { SUPPORT_LOTS, SupportLot } from '@mutuals/contracts';
import { PageOf, PageQuery } from '@mutuals/http';
import { ConflictDto, ConflictView } from '../assessors/assessor.dto';

export const PACKAGE_STATUSES = ['active', 'completed', 'closed'] as const;

export class SupplierLotDto {
  @ApiProperty({ enum: SUPPORT_LOTS, example: 'legal' })
  @IsIn(SUPPORT_LOTS)
  lot!: SupportLot;

  @ApiProperty({ example: 75_000, description: 'Integer pence per day' })
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  dayRatePence!: number;

  @ApiProperty({ example: 120, description: 'Days the supplier can deliver in this lot across all its packages' })
  @IsInt()
  @Min(0)
  @Max(100_000)
  capacityDays!: number;
}

export class SupplierDto {
  @ApiProperty({ example: 'Mutual Ventures Legal LLP', maxLength: 200 })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ example: 'OC123456', description: 'Companies House number (8 characters)' })
  @Matches(/^[0-9A-Z]{8}$/, { message: 'companyNumber must be a Companies House number: 8 capital letters or digits' })
  companyNumber!: string;

  @ApiProperty({ example: 'Jo Bloggs', maxLength: 200 })
  @IsString()
  @Length(1, 200)
  contactName!: string;

  @ApiProperty({ example: 'jo.bloggs@mvlegal.example.org' })
  @IsEmail()
  contactEmail!: string;

  @ApiProperty({ type: [SupplierLotDto], description: 'The lots the supplier is on: the whole list, replacing the previous one' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5)
  @ValidateNested({ each: true })
  @Type(() => SupplierLotDto)
  lots!: SupplierLotDto[];

  @ApiPropertyOptional({ type: [ConflictDto], description: 'Conflicts of interest; only ever added to' })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ConflictDto)
  conflicts?: ConflictDto[];
}

export class SupplierLotView extends SupplierLotDto {
  @ApiProperty({ example: 40, description: 'Days of this lot in packages awarded and not yet completed' }) committedDays!: number;
  @ApiProperty({ example: 80 }) availableDays!: number;
}

export class SupplierView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'Mutual Ventures Legal LLP' }) name!: string;
  @ApiProperty({ example: 'OC123456' }) companyNumber!: string;
  @ApiProperty({ example: 'Jo Bloggs' }) contactName!: string;
  @ApiProperty({ example: 'jo.bloggs@mvlegal.example.org' }) contactEmail!: string;
  @ApiProperty({ type: [SupplierLotView] }) lots!: SupplierLotView[];
  @ApiProperty({ type: [ConflictView] }) conflicts!: ConflictView[];
}

export class PackageLotDto {
  @ApiProperty({ enum: SUPPORT_LOTS, example: 'legal' })
  @IsIn(SUPPORT_LOTS)
  lot!: SupportLot;

  @ApiProperty({ example: 20 })
  @IsInt()
  @Min(1)
  @Max(1000)
  days!: number;
}

/** Support in kind awarded with an approval. */
export class InKindDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  supplierId!: string;

  @ApiProperty({ type: [PackageLotDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5)
  @ValidateNested({ each: true })
  @Type(() => PackageLotDto)
  lots!: PackageLotDto[];

  @ApiProperty({ example: '2026-07-01' })
  @IsISO8601({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'startOn must be a date, YYYY-MM-DD' })
  startOn!: string;

  @ApiProperty({ example: '2026-12-31' })
  @IsISO8601({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'endOn must be a date, YYYY-MM-DD' })
  endOn!: string;
}

export class DeliveryReportDto {
  @ApiProperty({ enum: SUPPORT_LOTS, example: 'legal' })
  @IsIn(SUPPORT_LOTS)
  lot!: SupportLot;

  @ApiProperty({ example: 5, description: 'Days delivered, in half days' })
  @IsNumber({ maxDecimalPlaces: 1 })
  @Min(0.5)
  @Max(1000)
  daysDelivered!: number;

  @ApiProperty({ example: 'Drafted the society’s rules and the staff transfer agreement', maxLength: 4000 })
  @IsString()
  @Length(1, 4000)
  summary!: string;
}

export class InvoiceDto {
  @ApiProperty({ example: 'INV-2026-0042', description: 'The supplier’s own invoice number; one per package' })
  @IsString()
  @Length(1, 100)
  supplierReference!: string;

  @ApiProperty({ example: 375_000, description: 'Integer pence' })
  @IsInt()
  @Min(1)
  @Max(100_000_000_00)
  amountPence!: number;

  @ApiProperty({ example: 5, description: 'Days invoiced, in half days' })
  @IsNumber({ maxDecimalPlaces: 1 })
  @Min(0.5)
  @Max(1000)
  days!: number;
}

export class ClosePackageDto {
  @ApiProperty({ example: 'The mutual withdrew; the supplier has invoiced the days it delivered', maxLength: 2000 })
  @IsString()
  @Length(1, 2000)
  reason!: string;
}

export class PackageLotView {
  @ApiProperty({ enum: SUPPORT_LOTS, example: 'legal' }) lot!: SupportLot;
  @ApiProperty({ example: 20 }) days!: number;
  @ApiProperty({ example: 75_000 }) dayRatePence!: number;
  @ApiProperty({ example: 1_500_000 }) valuePence!: number;
  @ApiProperty({ example: 5 }) daysDelivered!: number;
}

export class DeliveryReportView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: SUPPORT_LOTS }) lot!: SupportLot;
  @ApiProperty({ example: 5 }) daysDelivered!: number;
  @ApiProperty() summary!: string;
  @ApiProperty({ example: 'officer-sam' }) recordedBy!: string;
  @ApiProperty({ example: '2026-08-01T09:00:00.000Z' }) recordedAt!: string;
}

export class InvoiceView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'INV-2026-0042' }) supplierReference!: string;
  @ApiProperty({ example: 375_000 }) amountPence!: number;
  @ApiProperty({ example: 5 }) days!: number;
  @ApiProperty({ enum: ['submitted', 'paid'] }) status!: string;
  @ApiProperty({ example: 'officer-sam' }) recordedBy!: string;
  @ApiProperty({ example: '2026-08-02T09:00:00.000Z' }) recordedAt!: string;
  @ApiProperty({ type: String, nullable: true, example: 'officer-sam' }) paidBy!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '2026-08-09T09:00:00.000Z' }) paidAt!: string | null;
}

export class SupportPackageView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ example: 'MSF-2026-000123' }) reference!: string;
  @ApiProperty({ example: 'Care Together CIC' }) organisationName!: string;
  @ApiProperty({ format: 'uuid' }) programmeId!: string;
  @ApiProperty({ format: 'uuid' }) supplierId!: string;
  @ApiProperty({ example: 'Mutual Ventures Legal LLP' }) supplierName!: string;
  @ApiProperty({ enum: PACKAGE_STATUSES }) status!: string;
  @ApiProperty({ type: String, nullable: true, example: null, description: 'Something an officer must resolve, such as the applicant withdrawing' }) flaggedReason!: string | null;
  @ApiProperty({ type: String, nullable: true, example: null }) closedReason!: string | null;
  @ApiProperty({ type: [PackageLotView] }) lots!: PackageLotView[];
  @ApiProperty({ example: 1_500_000, description: 'days x day rate, summed over the lots: what the package commits of the budget' }) valuePence!: number;
  @ApiProperty({ example: 375_000 }) invoicedPence!: number;
  @ApiProperty({ example: 375_000 }) paidPence!: number;
  @ApiProperty({ example: 1_125_000, description: 'What may still be invoiced' }) remainingPence!: number;
  @ApiProperty({ example: '2026-07-01' }) startOn!: string;
  @ApiProperty({ example: '2026-12-31' }) endOn!: string;
  @ApiProperty({ example: 'officer-sam' }) awardedBy!: string;
  @ApiProperty({ example: '2026-06-20T10:00:00.000Z' }) awardedAt!: string;
  @ApiProperty({ type: [DeliveryReportView] }) reports!: DeliveryReportView[];
  @ApiProperty({ type: [InvoiceView] }) invoices!: InvoiceView[];
}

export class SupplierPage extends PageOf(SupplierView, 'Suppliers on the framework') {}
export class SupportPackagePage extends PageOf(SupportPackageView, 'Support packages matching the filter') {}

export class SupportPackageQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only the package of this case' })
  @IsOptional()
  @IsUUID()
  caseId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only the packages of this supplier' })
  @IsOptional()
  @IsUUID()
  supplierId?: string;

  @ApiPropertyOptional({ enum: PACKAGE_STATUSES })
  @IsOptional()
  @IsIn(PACKAGE_STATUSES)
  status?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only the packages of this programme or fund' })
  @IsOptional()
  @IsUUID()
  programmeId?: string;
}
