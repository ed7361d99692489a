import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuthenticatedUser, hasRole } from '@mutuals/auth';
import { DomainError } from '@mutuals/domain';
import { DOCUMENT_STORE, DocumentChecks, documentList, DocumentListView, DocumentStore, DocumentType, RecordDocuments, StoredDocument, UploadedFile } from '@mutuals/documents';
import { AuditTrail } from '../audit/audit-trail';
import { ApplicationsService } from '../applications/applications.service';
import { FundEntity } from '../funds/fund.entity';
import { actorOf } from '../organisations/organisations.service';

/**
 * An application's attachments: added and removed by the applicant while it is a draft, read by
 * the applicant's organisation and officers, and by an assessor holding a token for that one
 * document (which the portal asks for only once awards has said the assessor may see the case).
 */
@Injectable()
export class ApplicationDocumentsService {
  private readonly documents: RecordDocuments;

  constructor(
    private readonly dataSource: DataSource,
    private readonly applications: ApplicationsService,
    checks: DocumentChecks,
    @Inject(DOCUMENT_STORE) store: DocumentStore,
    private readonly audit: AuditTrail,
  ) {
    this.documents = new RecordDocuments({ table: 'application_documents', ownerColumn: 'application_id', keyPrefix: 'applications/' }, dataSource, checks, store);
  }

  async list(user: AuthenticatedUser, applicationId: string): Promise<DocumentListView> {
    const application = await this.applications.get(user, applicationId);
    const fund = application.fundId ? await this.dataSource.manager.findOne(FundEntity, { where: { id: application.fundId } }) : null;
    return documentList(await this.documents.list(applicationId), this.documents.limits, fund?.allowedDocumentTypes ?? []);
  }

  /** The draft locked while it changes, its version moved on, so a submission that read the documents before sees it changed and reads again. */
  upload(user: AuthenticatedUser, applicationId: string, file: UploadedFile | undefined): Promise<StoredDocument> {
    return this.documents.add(applicationId, file, user.id, (m) => this.draft(user, applicationId, m), (m, d) =>
      this.changed(m, user, applicationId, 'document-added', { documentId: d.id, name: d.name, sha256: d.sha256, sizeBytes: d.sizeBytes }),
    );
  }

  remove(user: AuthenticatedUser, applicationId: string, documentId: string): Promise<void> {
    return this.documents.remove(applicationId, documentId, (m) => this.draft(user, applicationId, m), (m, d) =>
      this.changed(m, user, applicationId, 'document-removed', { documentId: d.id, name: d.name }),
    );
  }

  /** For those allowed to see the application, or an assessor holding a token for this document. */
  async download(user: AuthenticatedUser, applicationId: string, documentId: string): Promise<{ document: StoredDocument; bytes: Buffer }> {
    if (user.documentId !== documentId || !hasRole(user, 'assessor')) await this.applications.get(user, applicationId);
    return this.documents.read(applicationId, documentId);
  }

  private async draft(user: AuthenticatedUser, applicationId: string, m: EntityManager): Promise<{ allowed: DocumentType[] }> {
    const application = await this.applications.get(user, applicationId, m, m !== this.dataSource.manager);
    if (application.status !== 'draft') {
      throw new DomainError('conflict', 'application-not-editable', `Attachments can only be changed before the application is submitted; it is ${application.status}`);
    }
    const fund = application.fundId ? await m.findOne(FundEntity, { where: { id: application.fundId } }) : null;
    return { allowed: (fund?.allowedDocumentTypes ?? []) as DocumentType[] };
  }

  private async changed(m: EntityManager, user: AuthenticatedUser, applicationId: string, action: string, detail: Record<string, unknown>): Promise<void> {
    await m.query('update applications set version = version + 1, updated_at = now() where id = $1', [applicationId]);
    await this.audit.record(m, { subjectType: 'application', subjectId: applicationId, action, actor: actorOf(user), detail });
  }
}
