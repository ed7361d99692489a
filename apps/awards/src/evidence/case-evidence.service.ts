import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuthenticatedUser, hasRole } from '@mutuals/auth';
import { CaseEvidenceAttached, CaseEvidenceRemoved } from '@mutuals/contracts';
import { DomainError } from '@mutuals/domain';
import { DEFAULT_ALLOWED_TYPES, DOCUMENT_STORE, DocumentChecks, documentList, DocumentListView, DocumentStore, documentRefOf, RecordDocuments, StoredDocument, UploadedFile } from '@mutuals/documents';
import { EventPublisher } from '@mutuals/messaging';
import { audit } from '../audit/audit-trail';
import { awardFor } from '../awards/award-access';
import { caseRef, loadCase } from '../cases/case';
import { CASE_EVIDENCE } from './case-evidence';

/** The evidence as its events carry it: the document's id, name, type, size and hash, never the bytes. */
const evidenceOf = (d: StoredDocument) => ({ ...documentRefOf(d), type: d.type });

/**
 * Evidence on a case: the programme officers' due diligence, theirs alone to add, remove and read;
 * and the documents the mutual sends as evidence that a condition of its award is met, which go
 * through the same checks, audit and event and which the mutual may read back (only those).
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

  async list(_officer: AuthenticatedUser, caseId: string): Promise<DocumentListView> {
    await loadCase(this.dataSource.manager, caseId);
    return documentList(await this.documents.list(caseId), this.documents.limits, DEFAULT_ALLOWED_TYPES);
  }

  upload(officer: AuthenticatedUser, caseId: string, file: UploadedFile | undefined): Promise<StoredDocument> {
    return this.attach(officer, caseId, file, false);
  }

  /** The mutual's document for its award, on the award's case; its id then goes with the evidence of a condition. */
  async uploadForAward(applicant: AuthenticatedUser, awardId: string, file: UploadedFile | undefined): Promise<StoredDocument> {
    const { c } = await awardFor(this.dataSource.manager, applicant, awardId, false);
    return this.attach(applicant, c.id, file, true);
  }

  remove(officer: AuthenticatedUser, caseId: string, documentId: string): Promise<void> {
    return this.documents.remove(caseId, documentId, (m) => this.openCase(m, caseId), async (m, d) => {
      const c = await loadCase(m, caseId);
      await this.events.publish(m, CaseEvidenceRemoved, caseId, { ...caseRef(c), document: evidenceOf(d), removedBy: officer.id, removedAt: new Date().toISOString() });
      await audit(m, { subjectType: 'case', subjectId: caseId, caseId, action: 'evidence-removed', actor: officer.id, details: { documentId: d.id, name: d.name } });
    });
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

  /** The case, locked while its evidence changes. */
  private async openCase(m: EntityManager, caseId: string) {
    await loadCase(m, caseId, m !== this.dataSource.manager);
    return { allowed: DEFAULT_ALLOWED_TYPES };
  }
}
