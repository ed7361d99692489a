import { ApiProperty } from '@nestjs/swagger';

export class AnswerView {
  @ApiProperty({ example: 'need' }) questionId!: string;
  @ApiProperty({ example: 'What support do you need, and why now?' }) question!: string;
  @ApiProperty({ example: 'Legal and pensions advice before our staff transfer.', description: 'Empty when an optional question was not answered' }) answer!: string;
}

export class ProfileView {
  @ApiProperty({ example: 'live-mutual' }) type!: string;
  @ApiProperty({ example: 'company-limited-by-guarantee' }) legalForm!: string;
  @ApiProperty({ type: String, nullable: true }) companiesHouseNumber!: string | null;
  @ApiProperty({ type: String, nullable: true }) charityNumber!: string | null;
  @ApiProperty({ type: String, nullable: true }) societyNumber!: string | null;
  @ApiProperty({ type: Number, nullable: true }) staffCount!: number | null;
  @ApiProperty({ type: [String] }) servicesInScope!: string[];
  @ApiProperty({ type: String, nullable: true }) spinOutStage!: string | null;
  @ApiProperty({ type: Number, nullable: true }) employeeSharePercent!: number | null;
  @ApiProperty({ type: Number, nullable: true }) parentBodySharePercent!: number | null;
  @ApiProperty({ type: Number, nullable: true }) partnerSharePercent!: number | null;
  @ApiProperty({ type: String, nullable: true, example: '2015-04-01' }) tradingStartDate!: string | null;
  @ApiProperty({ type: Boolean, nullable: true }) stillOnOriginalContract!: boolean | null;
}

export class EligibilityView {
  @ApiProperty({ enum: ['eligible', 'ineligible'] }) outcome!: string;
  @ApiProperty({ type: [String], description: 'Screening notes or the reasons given' }) notes!: string[];
  @ApiProperty({ example: 'automatic' }) checkedBy!: string;
  @ApiProperty({ format: 'date-time' }) checkedAt!: string;
}

export class DossierDocumentView {
  @ApiProperty({ format: 'uuid' }) documentId!: string;
  @ApiProperty({ example: 'Business plan.pdf' }) name!: string;
  @ApiProperty({ example: 'application/pdf' }) contentType!: string;
  @ApiProperty({ example: 482113 }) sizeBytes!: number;
  @ApiProperty({ description: 'SHA-256 of the bytes, hex' }) sha256!: string;
}

export class DossierView {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ example: 'MSF-2026-000123' }) reference!: string;
  @ApiProperty({ enum: ['application', 'bid'] }) source!: string;
  @ApiProperty({ format: 'uuid', description: 'The application or bid, in the service that holds its documents' }) sourceId!: string;
  @ApiProperty() title!: string;
  @ApiProperty() organisationName!: string;
  @ApiProperty({ type: String, nullable: true }) parentBody!: string | null;
  @ApiProperty({ type: String, nullable: true }) sector!: string | null;
  @ApiProperty({ type: String, nullable: true }) region!: string | null;
  @ApiProperty() amountRequestedPence!: number;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) submittedAt!: string | null;
  @ApiProperty({ type: [AnswerView], description: "Every question with its answer, in the fund's or round's order" }) answers!: AnswerView[];
  @ApiProperty({ type: ProfileView, nullable: true, description: 'The organisation as registered at submission' }) organisationProfile!: ProfileView | null;
  @ApiProperty({ type: [String] }) supportTypes!: string[];
  @ApiProperty({ type: Number, nullable: true }) matchFundingPence!: number | null;
  @ApiProperty({ type: EligibilityView, nullable: true }) eligibility!: EligibilityView | null;
  @ApiProperty({ type: [DossierDocumentView] }) documents!: DossierDocumentView[];
}
