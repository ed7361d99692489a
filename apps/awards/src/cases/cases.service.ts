import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { offsetOf, Page } from '@mutuals/http';
import { AllocationService } from '../assessors/allocation.service';
import { assessmentOf } from '../assessments/assessments.service';
import { AuditRecord, caseHistory } from '../audit/audit-trail';
import { dueDiligenceOf } from '../decisions/decisions.service';
import { Case, caseOf, loadCase } from './case';
import { CaseDetailView, CaseQueryDto, CaseView } from './case.dto';

/** What programme officers see of cases: everything, with who assessed what. */
@Injectable()
export class CasesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly allocation: AllocationService,
  ) {}

  /** A page of cases, newest first (the id breaks ties), with the count of every matching case. */
  async list(query: CaseQueryDto): Promise<Page<Case>> {
    const { offset, limit, page, pageSize } = offsetOf(query);
    const where = `where ($1::uuid is null or programme_id = $1) and ($2::text is null or status = $2)
         and ($3::boolean is null or (flagged_reason is not null) = $3)`;
    const filters = [query.programmeId ?? null, query.status ?? null, query.flagged ?? null];
    const [rows, [{ total }]] = await Promise.all([
      this.dataSource.query(`select * from cases ${where} order by opened_at desc, id desc offset $4 limit $5`, [...filters, offset, limit]),
      this.dataSource.query(`select count(*)::int as total from cases ${where}`, filters),
    ]);
    return { items: rows.map(caseOf), page, pageSize, total };
  }

  async detail(caseId: string): Promise<CaseDetailView> {
    const c = await loadCase(this.dataSource.manager, caseId);
    const [allocations, assessments, checks] = await Promise.all([
      this.dataSource.query(
        `select x.assessor_id, a.name, x.status, x.due_at, x.release_reason from allocations x join assessors a on a.id = x.assessor_id where x.case_id = $1 order by x.allocated_at`,
        [caseId],
      ),
      this.dataSource.query('select * from assessments where case_id = $1 order by submitted_at', [caseId]),
      this.dataSource.query('select * from due_diligence_checks where case_id = $1 order by checked_at', [caseId]),
    ]);
    return {
      ...CaseView.of(c),
      allocations: allocations.map((r: Record<string, any>) => ({ assessorId: r.assessor_id, name: r.name, status: r.status, dueAt: new Date(r.due_at).toISOString(), releaseReason: r.release_reason })),
      assessments: assessments.map(assessmentOf),
      dueDiligence: checks.map(dueDiligenceOf),
    };
  }

  /** Retries allocation of a flagged case, e.g. after assessors' capacity was raised. */
  async allocate(caseId: string, actor: string): Promise<Case> {
    return this.dataSource.transaction((m) => this.allocation.allocate(m, caseId, actor));
  }

  async history(caseId: string): Promise<AuditRecord[]> {
    await loadCase(this.dataSource.manager, caseId);
    return caseHistory(this.dataSource.manager, caseId);
  }
}
