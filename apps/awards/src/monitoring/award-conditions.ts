import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { DomainError } from '@mutuals/domain';
import { documentOf, StoredDocument } from '@mutuals/documents';

/** A condition of an award as the award's view shows it. */
export interface ConditionItem {
  id: string;
  text: string;
  dueOn: string | null;
  status: 'open' | 'evidence-submitted' | 'met' | 'waived';
  evidenceNote: string | null;
  evidenceDocumentIds: string[];
  evidenceDocuments: (StoredDocument & { fromApplicant: boolean })[];
  evidenceSubmittedBy: string | null;
  evidenceSubmittedAt: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  waivedReason: string | null;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/** The offer's conditions become tracked items, open until evidenced and accepted (or waived). */
export async function createConditions(m: EntityManager, awardId: string, texts: string[], dueOn: (string | null)[] = []): Promise<void> {
  for (const [i, text] of texts.entries()) {
    await m.query('insert into award_conditions (id, award_id, position, text, due_on) values ($1, $2, $3, $4, $5)', [randomUUID(), awardId, i + 1, text, dueOn[i] ?? null]);
  }
}

/** The award's conditions; their evidence documents as the reader may see them (the mutual only those it attached). */
export async function conditionsOf(m: EntityManager, awardId: string, mutualsOwnDocuments = false): Promise<ConditionItem[]> {
  const rows = await m.query(`select *, to_char(due_on, 'YYYY-MM-DD') as due from award_conditions where award_id = $1 order by position`, [awardId]);
  const documentIds = rows.flatMap((r: Record<string, any>) => r.evidence_document_ids ?? []);
  const documents = documentIds.length === 0 ? [] : await m.query(
    `select d.* from case_documents d join awards w on w.case_id = d.case_id where w.id = $1 and d.id = any($2::uuid[])${mutualsOwnDocuments ? ' and d.from_applicant' : ''} order by d.uploaded_at, d.id`,
    [awardId, documentIds],
  );
  const shown = documents.map((d: Record<string, any>) => ({ ...documentOf(d), fromApplicant: d.from_applicant === true }));
  return rows.map((r: Record<string, any>) => ({
    id: r.id,
    text: r.text,
    dueOn: r.due ?? null,
    status: r.status,
    evidenceNote: r.evidence_note ?? null,
    evidenceDocumentIds: r.evidence_document_ids ?? [],
    evidenceDocuments: shown.filter((d: StoredDocument) => (r.evidence_document_ids ?? []).includes(d.id)),
    evidenceSubmittedBy: r.evidence_submitted_by ?? null,
    evidenceSubmittedAt: iso(r.evidence_submitted_at),
    decidedBy: r.decided_by ?? null,
    decidedAt: iso(r.decided_at),
    waivedReason: r.waived_reason ?? null,
  }));
}

/** Milestone id → the conditions its payment waits for. */
export async function milestoneDependencies(m: EntityManager, awardId: string): Promise<Map<string, string[]>> {
  const rows = await m.query('select mc.milestone_id, mc.condition_id from milestone_conditions mc join milestones ms on ms.id = mc.milestone_id where ms.award_id = $1', [awardId]);
  const deps = new Map<string, string[]>();
  for (const r of rows) deps.set(r.milestone_id, [...(deps.get(r.milestone_id) ?? []), r.condition_id]);
  return deps;
}

/** Records that a milestone's payment waits for these conditions, which must be the award's own. */
export async function linkMilestone(m: EntityManager, awardId: string, milestoneId: string, conditionIds: string[]): Promise<void> {
  if (conditionIds.length === 0) return;
  const found = await m.query('select id from award_conditions where award_id = $1 and id = any($2::uuid[])', [awardId, conditionIds]);
  const unknown = conditionIds.filter((id) => !found.some((f: { id: string }) => f.id === id));
  if (unknown.length > 0) throw new DomainError('unprocessable', 'unknown-condition', `Not a condition of this award: ${unknown.join(', ')}`, { conditionIds: unknown });
  for (const id of new Set(conditionIds)) await m.query('insert into milestone_conditions (milestone_id, condition_id) values ($1, $2)', [milestoneId, id]);
}

/** Refuses a payment while a condition it depends on is neither met nor waived, naming the conditions. */
export async function assertConditionsMet(m: EntityManager, awardId: string, milestoneId: string): Promise<void> {
  const unmet = await m.query(
    `select c.id, c.text, c.status from milestone_conditions mc join award_conditions c on c.id = mc.condition_id
     where mc.milestone_id = $1 and c.award_id = $2 and c.status not in ('met', 'waived') order by c.position`,
    [milestoneId, awardId],
  );
  if (unmet.length === 0) return;
  const names = unmet.map((c: { text: string; status: string }) => `"${c.text}" (${c.status === 'open' ? 'no evidence yet' : 'evidence not yet accepted'})`);
  throw new DomainError('conflict', 'condition-unmet', `This payment depends on ${unmet.length === 1 ? 'a condition that is' : 'conditions that are'} not met: ${names.join('; ')}`, {
    conditionIds: unmet.map((c: { id: string }) => c.id),
  });
}
