import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuthenticatedUser, hasRole } from '@mutuals/auth';
import { DomainError } from '@mutuals/domain';
import { Dossier, EMPTY_DOSSIER } from './dossier';
import { DossierView, ProfileView } from './dossier.dto';

const PROFILE_FIELDS = ['companiesHouseNumber', 'charityNumber', 'societyNumber', 'staffCount', 'spinOutStage', 'employeeSharePercent', 'parentBodySharePercent', 'partnerSharePercent', 'tradingStartDate', 'stillOnOriginalContract'] as const;

function profileView(p: Dossier['organisationProfile']): ProfileView | null {
  if (!p) return null;
  return { type: p.type, legalForm: p.legalForm, servicesInScope: p.servicesInScope ?? [], ...Object.fromEntries(PROFILE_FIELDS.map((f) => [f, p[f] ?? null])) } as ProfileView;
}

@Injectable()
export class DossierService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The dossier, for an assessor allocated to the case who has not been released or declared a
   * conflict (checked on every read, so losing the allocation loses the dossier at once), or an officer.
   * Anyone else gets the same 404 as for a case that does not exist.
   */
  async dossierFor(user: AuthenticatedUser, caseId: string, asOfficer: boolean): Promise<DossierView> {
    const officer = asOfficer && hasRole(user, 'programme_officer');
    const [row] = await this.dataSource.query(
      `select c.* from cases c
       where c.id = $1 and ($3 or (c.status <> 'withdrawn' and exists (
         select 1 from allocations x where x.case_id = c.id and x.assessor_id = $2 and x.status in ('allocated', 'submitted'))))`,
      [caseId, user.id, officer],
    );
    if (!row) throw DomainError.notFound('Case', caseId);
    const d: Dossier = { ...EMPTY_DOSSIER, ...(row.dossier ?? {}) };
    return {
      caseId: row.id,
      reference: row.reference,
      source: row.source,
      sourceId: row.source_id,
      title: row.title,
      organisationName: row.organisation_name,
      parentBody: row.parent_body,
      sector: row.sector,
      region: row.region,
      amountRequestedPence: Number(row.amount_requested_pence),
      submittedAt: d.submittedAt,
      answers: d.answers,
      organisationProfile: profileView(d.organisationProfile),
      supportTypes: d.supportTypes,
      matchFundingPence: d.matchFundingPence,
      eligibility: d.eligibility,
      documents: d.documents,
    };
  }
}
