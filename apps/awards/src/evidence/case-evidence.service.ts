import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuthenticatedUser, hasRole } from '@mutuals/auth';
import { CaseEvidenceAttached, CaseEvidenceRemoved } from '@mutuals/contracts';
import { DomainError } from '@mutuals/domain';
import { DEFAULT_ALLOWED_TYPES, DOCUMENT_STORE, DocumentChecks, documentList, DocumentStore, documentRefOf, RecordDocuments, StoredDocument, UploadedFile } from '@mutuals/documents';
import { EventPublisher } from '@mutuals/messaging';
import { audit } from '../audit/audit-trail';
import { awardFor } from '../awards/award-access';
import { caseRef, loadCase } from '../cases/case';
import { CASE_EVIDENCE } from './case-evidence';
import { AwardDocumentListView, CaseDocumentListView, DocumentEvidenceOf, HELD_STATUSES } from './case-document.dto';

/** The evidence as its events carry it: the document's id, name, type, size and hash, never the bytes. */
const evidenceOf = (d: StoredDocument) => ({ ...documentRefOf(d), type: d.type });

/**
 * Evidence on a case: the programme officers' due diligence, theirs alone to add, remove and read;
 * and the documents the mutual sends as evidence that a condition of its award is met, which go
 * through the same checks, audit and event and which the mutual may read back (only those) and
 * remove while no evidence an officer relies on names them.
 */
@Injectable()
export class CaseEvidenceService {
  private readonly documents: RecordDocuments;

  constructor(
    private readonly dataSource: DataSource,
    private readonly events: EventPublisher,
    checks: DocumentChecks,
    @Inject(DOCUMENT_STORE) store: DocumentStore,
  ) {
    this.documents = new RecordDocuments(CASE_EVIDENCE, dataSource, checks, store);
  }

  /** Every document on the case, saying which the mutual attached. */
  async list(_officer: AuthenticatedUser, caseId: string): Promise<CaseDocumentListView> {
    await loadCase(this.dataSource.manager, caseId);
    const [documents, fromApplicant] = await Promise.all([this.documents.list(caseId), this.mutualsDocumentIds(this.dataSource.manager, caseId)]);
    const items = documents.map((d) => ({ ...d, fromApplicant: fromApplicant.has(d.id) }));
    return { ...documentList(items, this.documents.limits, DEFAULT_ALLOWED_TYPES), items };
  }

  /** The documents the mutual attached to its award's case, each with the conditions whose evidence (waiting for review or accepted) names it. */
  async listForAward(user: AuthenticatedUser, awardId: string): Promise<AwardDocumentListView> {
    const { c } = await awardFor(this.dataSource.manager, user, awardId, false);
    const [documents, ids, held] = await Promise.all([this.documents.list(c.id), this.mutualsDocumentIds(this.dataSource.manager, c.id), this.heldAsEvidence(this.dataSource.manager, awardId)]);
    const items = documents
      .filter((d) => ids.has(d.id))
      .map((d) => {
        const evidenceOf = held.get(d.id) ?? [];
        return { ...d, evidenceOf, removable: evidenceOf.length === 0 };
      });
    return { items };
  }

  upload(officer: AuthenticatedUser, caseId: string, file: UploadedFile | undefined): Promise<StoredDocument> {
    return this.attach(officer, caseId, file, false);
  }

  /** The mutual's document for its award, on the award's case; its id then goes with the evidence of a condition. */
  async uploadForAward(applicant: AuthenticatedUser, awardId: string, file: UploadedFile | undefined): Promise<StoredDocument> {
    const { c } = await awardFor(this.dataSource.manager, applicant, awardId, false);
    return this.attach(applicant, c.id, file, true);
  }

  /**
   * An officer removes a document from the case, unless a condition's evidence waiting for review
   * or accepted names it: the award's conditions rely on it as the mutual's do. Evidence is sent
   * under the award's lock, so none can name the document meanwhile.
   */
  remove(officer: AuthenticatedUser, caseId: string, documentId: string): Promise<void> {
    const guard = async (m: EntityManager) => {
      const allowed = await this.openCase(m, caseId);
      const [award]: { id: string }[] = await m.query('select id from awards where case_id = $1 for update', [caseId]);
      if (award) await this.refuseIfHeld(m, award.id, documentId, (status) => (status === 'met' ? 'accepted' : 'waiting for review'));
      return allowed;
    };
    return this.documents.remove(caseId, documentId, guard, (m, d) => this.recordRemoval(m, caseId, d, officer.id));
  }

  /**
   * The mutual removes a document it attached: one refused as evidence, or sent by mistake. Not
   * while a condition's evidence waiting for review or accepted names it, since the officer relies
   * on it; the award is locked as evidence is sent under it, so none can name it meanwhile.
   */
  async removeForAward(applicant: AuthenticatedUser, awardId: string, documentId: string): Promise<void> {
    const { c } = await awardFor(this.dataSource.manager, applicant, awardId, false);
    const guard = async (m: EntityManager) => {
      const allowed = await this.openCase(m, c.id);
      await awardFor(m, applicant, awardId, true);
      // Only its own: the officers' due diligence is not the mutual's to see, so "not found".
      const [own] = await m.query('select 1 from case_documents where id = $1 and case_id = $2 and from_applicant', [documentId, c.id]);
      if (!own) throw DomainError.notFound('Document', documentId);
      await this.refuseIfHeld(m, awardId, documentId, (status) => (status === 'met' ? 'accepted by your programme officer' : 'waiting for your programme officer to review it'));
      return allowed;
    };
    await this.documents.remove(c.id, documentId, guard, (m, d) => this.recordRemoval(m, c.id, d, applicant.id, { fromApplicant: true }));
  }

  async download(user: AuthenticatedUser, caseId: string, documentId: string): Promise<{ document: StoredDocument; bytes: Buffer }> {
    if (!hasRole(user, 'programme_officer')) throw DomainError.notFound('Document', documentId);
    return this.documents.read(caseId, documentId);
  }

  /** A document on the award's case: any to an officer, only the mutual's own to the mutual. */
  async downloadForAward(user: AuthenticatedUser, awardId: string, documentId: string): Promise<{ document: StoredDocument; bytes: Buffer }> {
    const { c } = await awardFor(this.dataSource.manager, user, awardId, false);
    if (!hasRole(user, 'programme_officer')) {
      const [own] = await this.dataSource.query('select 1 from case_documents where id = $1 and case_id = $2 and from_applicant', [documentId, c.id]);
      if (!own) throw DomainError.notFound('Document', documentId);
    }
    return this.documents.read(c.id, documentId);
  }

  private attach(user: AuthenticatedUser, caseId: string, file: UploadedFile | undefined, fromApplicant: boolean): Promise<StoredDocument> {
    return this.documents.add(caseId, file, user.id, (m) => this.openCase(m, caseId), async (m, d) => {
      if (fromApplicant) await m.query('update case_documents set from_applicant = true where id = $1', [d.id]);
      const c = await loadCase(m, caseId);
      await this.events.publish(m, CaseEvidenceAttached, caseId, { ...caseRef(c), document: evidenceOf(d), attachedBy: user.id, attachedAt: d.uploadedAt });
      await audit(m, { subjectType: 'case', subjectId: caseId, caseId, action: 'evidence-added', actor: user.id, details: { documentId: d.id, name: d.name, sha256: d.sha256, sizeBytes: d.sizeBytes, fromApplicant } });
    });
  }

  /** A removal's event and audit row, whoever removed the document. */
  private async recordRemoval(m: EntityManager, caseId: string, d: StoredDocument, actor: string, details: Record<string, unknown> = {}): Promise<void> {
    const c = await loadCase(m, caseId);
    await this.events.publish(m, CaseEvidenceRemoved, caseId, { ...caseRef(c), document: evidenceOf(d), removedBy: actor, removedAt: new Date().toISOString() });
    await audit(m, { subjectType: 'case', subjectId: caseId, caseId, action: 'evidence-removed', actor, details: { documentId: d.id, name: d.name, ...details } });
  }

  private async mutualsDocumentIds(m: EntityManager, caseId: string): Promise<Set<string>> {
    const rows: { id: string }[] = await m.query('select id from case_documents where case_id = $1 and from_applicant', [caseId]);
    return new Set(rows.map((r) => r.id));
  }

  /** Refuses removing a document that a condition's evidence, waiting for review or accepted, names; each condition with its status in the reader's words. */
  private async refuseIfHeld(m: EntityManager, awardId: string, documentId: string, statusInWords: (status: string) => string): Promise<void> {
    const held = (await this.heldAsEvidence(m, awardId)).get(documentId) ?? [];
    if (held.length === 0) return;
    const why = held.map((h) => `"${h.condition}" (${statusInWords(h.status)})`);
    throw new DomainError('conflict', 'document-held-as-evidence', `This document is evidence for ${held.length === 1 ? 'a condition' : 'conditions'} and cannot be removed: ${why.join('; ')}`, {
      conditionIds: held.map((h) => h.conditionId),
    });
  }

  /** Document id → the conditions of the award whose evidence, waiting for review or accepted, names it. */
  private async heldAsEvidence(m: EntityManager, awardId: string): Promise<Map<string, DocumentEvidenceOf[]>> {
    const rows: { id: string; text: string; status: string; document_id: string }[] = await m.query(
      'select c.id, c.text, c.status, d.document_id from award_conditions c, unnest(c.evidence_document_ids) as d(document_id) where c.award_id = $1 and c.status = any($2::text[]) order by c.position',
      [awardId, [...HELD_STATUSES]],
    );
    const held = new Map<string, DocumentEvidenceOf[]>();
    for (const r of rows) held.set(r.document_id, [...(held.get(r.document_id) ?? []), { conditionId: r.id, condition: r.text, status: r.status }]);
    return held;
  }

  /** The case, locked while its evidence changes. */
  private async openCase(m: EntityManager, caseId: string) {
    await loadCase(m, caseId, m !== this.dataSource.manager);
    return { allowed: DEFAULT_ALLOWED_TYPES };
  }
}
