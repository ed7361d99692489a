import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { LegalForm, OrganisationType, Region, Sector, SpinOutStage } from '@mutuals/domain';

export interface ContactPerson {
  name: string;
  role?: string;
  email: string;
  phone?: string;
}

@Entity('organisations')
export class OrganisationEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('text') name!: string;
  @Column('text') type!: OrganisationType;
  @Column({ name: 'legal_form', type: 'text' }) legalForm!: LegalForm;
  @Column({ name: 'companies_house_number', type: 'text', nullable: true }) companiesHouseNumber!: string | null;
  @Column({ name: 'charity_number', type: 'text', nullable: true }) charityNumber!: string | null;
  @Column({ name: 'society_number', type: 'text', nullable: true }) societyNumber!: string | null;
  @Column({ name: 'parent_body', type: 'text', nullable: true }) parentBody!: string | null;
  @Column({ type: 'text', nullable: true }) sector!: Sector | null;
  @Column({ type: 'text', nullable: true }) region!: Region | null;
  @Column({ name: 'staff_count', type: 'integer', nullable: true }) staffCount!: number | null;
  @Column({ name: 'services_in_scope', type: 'text', array: true }) servicesInScope!: string[];
  @Column({ name: 'spin_out_stage', type: 'text', nullable: true }) spinOutStage!: SpinOutStage | null;
  @Column({ name: 'employee_share_percent', type: 'smallint', nullable: true }) employeeSharePercent!: number | null;
  @Column({ name: 'parent_body_share_percent', type: 'smallint', nullable: true }) parentBodySharePercent!: number | null;
  @Column({ name: 'partner_share_percent', type: 'smallint', nullable: true }) partnerSharePercent!: number | null;
  /** YYYY-MM-DD (a date column is read as a string). */
  @Column({ name: 'trading_start_date', type: 'date', nullable: true }) tradingStartDate!: string | null;
  @Column({ name: 'still_on_original_contract', type: 'boolean', nullable: true }) stillOnOriginalContract!: boolean | null;
  @Column({ name: 'senior_sponsor', type: 'jsonb', nullable: true }) seniorSponsor!: ContactPerson | null;
  @Column({ name: 'project_lead', type: 'jsonb', nullable: true }) projectLead!: ContactPerson | null;
  @Column({ name: 'registered_by', type: 'text' }) registeredBy!: string;
  @VersionColumn() version!: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

@Entity('organisation_members')
export class OrganisationMemberEntity {
  @PrimaryColumn({ name: 'user_id', type: 'text' }) userId!: string;
  @Column({ name: 'organisation_id', type: 'uuid' }) organisationId!: string;
}
