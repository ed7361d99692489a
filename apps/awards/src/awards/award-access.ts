import { EntityManager } from 'typeorm';
import { AuthenticatedUser, hasRole } from '@mutuals/auth';
import { DomainError } from '@mutuals/domain';
import { Case, isApplicantOf, loadCase } from '../cases/case';

/** The award's row (locked when changing it) and its case, for an officer or the applicant who owns it: anyone else gets "not found", as if there were none. */
export async function awardFor<Row = Record<string, any>>(m: EntityManager, user: AuthenticatedUser, awardId: string, lock: boolean): Promise<{ award: Row & { case_id: string }; c: Case }> {
  const [award] = await m.query(`select * from awards where id = $1${lock ? ' for update' : ''}`, [awardId]);
  if (!award) throw DomainError.notFound('Award', awardId);
  const c = await loadCase(m, award.case_id);
  if (!hasRole(user, 'programme_officer') && !isApplicantOf(user, c)) throw DomainError.notFound('Award', awardId);
  return { award, c };
}
