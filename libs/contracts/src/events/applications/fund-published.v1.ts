import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsString, IsUUID, Length, Min, ValidateNested } from 'class-validator';
import { defineEvent } from '../../contract';
import { AssessmentSettings } from '../../shared/fields';

/** A fund's current settings, published whenever an officer creates or changes it. */
export class FundPublishedV1 {
  @IsUUID()
  fundId!: string;

  @IsString()
  @Length(1, 200)
  name!: string;

  @IsInt()
  @Min(0)
  capPerApplicationPence!: number;

  @IsInt()
  @Min(0)
  budgetPence!: number;

  @IsBoolean()
  open!: boolean;

  @IsBoolean()
  matchFundingRequired!: boolean;

  @ValidateNested()
  @Type(() => AssessmentSettings)
  assessment!: AssessmentSettings;

  /** Increases with every change, so consumers keep only the newest. */
  @IsInt()
  @Min(1)
  revision!: number;
}

export const FundPublished = defineEvent({
  context: 'applications',
  aggregate: 'fund',
  event: 'published',
  version: 1,
  description: "A support fund's settings (cap, budget, open or closed, assessment criteria), sent on every change.",
  payload: FundPublishedV1,
  example: {
    fundId: '0b7d8a52-5b7e-4f7e-9f55-2f0c6f1d9a01',
    name: 'Mutuals Interim Support Fund',
    capPerApplicationPence: 2_500_000,
    budgetPence: 100_000_000,
    open: true,
    matchFundingRequired: false,
    assessment: {
      criteria: [
        { id: 'need', name: 'Need for support', weight: 40 },
        { id: 'deliverability', name: 'Deliverability', weight: 35 },
        { id: 'value', name: 'Value for money', weight: 25 },
      ],
      scaleMax: 5,
      assessorsPerCase: 2,
      moderationThreshold: 20,
    },
    revision: 1,
  },
});
