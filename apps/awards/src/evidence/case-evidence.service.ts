import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuthenticatedUser, hasRole } from '@mutuals/auth';
import { DomainError } from '@mutuals/domain';
import { DEFAULT_ALLOWED_TYPES, DOCUMENT_STORE, DocumentChecks, documentList, DocumentListView, DocumentStore, RecordDocuments, StoredDocument, UploadedFile } from '@mutuals/documents';
import { audit } from '../audit/audit-trail';
import { loadCase } from '../cases/case';
import { CASE_EVIDENCE } from './case-evidence';

/** Programme officers' due-diligence evidence on a case: theirs alone to add, remove and read. */
@Injectable()
export class CaseEvidenceService {
  private readonly documents: RecordDocuments;

  constructor(private readonly dataSource: DataSource, checks: DocumentChecks, @Inject(DOCUMENT_STORE) store: DocumentStore) {
    this.documents = new RecordDocuments(CASE_EVIDENCE, dataSource, checks, store);
  }

  async list(_officer: AuthenticatedUser, caseId: string): Promise<DocumentListView> {
    await loadCase(this.dataSource.manager, caseId);
    return documentList(await this.documents.list(caseId), this.documents.limits, DEFAULT_ALLOWED_TYPES);
  }

  upload(officer: AuthenticatedUser, caseId: string, file: UploadedFile | undefined): Promise<StoredDocument> {
    return this.documents.add(caseId, file, officer.id, (m) => this.openCase(m, caseId), (m, d) =>
      audit(m, { subjectType: 'case', subjectId: caseId, caseId, action: 'evidence-added', actor: officer.id, details: { documentId: d.id, name: d.name, sha256: d.sha256, sizeBytes: d.sizeBytes } }),
    );
  }

  remove(officer: AuthenticatedUser, caseId: string, documentId: string): Promise<void> {
    return this.documents.remove(caseId, documentId, (m) => this.openCase(m, caseId), (m, d) =>
      audit(m, { subjectType: 'case', subjectId: caseId, caseId, action: 'evidence-removed', actor: officer.id, details: { documentId: d.id, name: d.name } }),
    );
  }

  async download(user: AuthenticatedUser, caseId: string, documentId: string): Promise<{ document: StoredDocument; bytes: Buffer }> {
    if (!hasRole(user, 'programme_officer')) throw DomainError.notFound('Document', documentId);
    return this.documents.read(caseId, documentId);
  }

  /** The case, locked while its evidence changes. */
  private async openCase(m: EntityManager, caseId: string) {
    await loadCase(m, caseId, m !== this.dataSource.manager);
    return { allowed: DEFAULT_ALLOWED_TYPES };
  }
}
