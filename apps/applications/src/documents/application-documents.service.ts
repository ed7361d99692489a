import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuthenticatedUser, hasRole } from '@mutuals/auth';
import { DocumentRef } from '@mutuals/contracts';
import { DomainError } from '@mutuals/domain';
import { DOCUMENT_STORE, DocumentChecks, DocumentStore, DocumentType, UploadedFile } from '@mutuals/documents';
import { AuditTrail } from '../audit/audit-trail';
import { ApplicationsService } from '../applications/applications.service';
import { FundEntity } from '../funds/fund.entity';
import { actorOf } from '../organisations/organisations.service';
import { DocumentListView, DocumentView } from './document.dto';

const storageKey = (id: string) => `applications/${id}`;

export function documentViewOf(r: Record<string, any>): DocumentView {
  return { id: r.id, name: r.name, type: r.type, contentType: r.content_type, sizeBytes: Number(r.size_bytes), sha256: r.sha256, uploadedAt: new Date(r.uploaded_at).toISOString() };
}

/** As the submitted event carries them. */
export const documentRefOf = (d: DocumentView): DocumentRef => ({ documentId: d.id, name: d.name, contentType: d.contentType, sizeBytes: d.sizeBytes, sha256: d.sha256 });

/**
 * An application's attachments: added and removed by the applicant while it is a draft, read by
 * the applicant's organisation and officers, and by an assessor holding a token for that one
 * document (which the portal asks for only once awards has said the assessor may see the case).
 */
@Injectable()
export class ApplicationDocumentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly applications: ApplicationsService,
    private readonly checks: DocumentChecks,
    @Inject(DOCUMENT_STORE) private readonly store: DocumentStore,
    private readonly audit: AuditTrail,
  ) {}

  async list(user: AuthenticatedUser, applicationId: string): Promise<DocumentListView> {
    const application = await this.applications.get(user, applicationId);
    const fund = application.fundId ? await this.dataSource.manager.findOne(FundEntity, { where: { id: application.fundId } }) : null;
    const items = await this.documentsOf(this.dataSource.manager, applicationId);
    return {
      items,
      totalBytes: items.reduce((sum, d) => sum + d.sizeBytes, 0),
      maxBytes: this.checks.limits.maxBytes,
      maxTotalBytes: this.checks.limits.maxTotalBytes,
      allowedTypes: fund?.allowedDocumentTypes ?? [],
    };
  }

  async documentsOf(m: EntityManager, applicationId: string): Promise<DocumentView[]> {
    const rows = await m.query('select * from application_documents where application_id = $1 order by uploaded_at, id', [applicationId]);
    return rows.map(documentViewOf);
  }

  /**
   * Checked in full before anything is stored; the bytes go to the store first and the row after,
   * in a transaction that locks the draft (so its total holds) and moves its version on (so a
   * submission that read the documents before this one sees it changed and reads again).
   */
  async upload(user: AuthenticatedUser, applicationId: string, file: UploadedFile | undefined): Promise<DocumentView> {
    const { allowed, storedBytes } = await this.draftState(user, applicationId);
    const checked = await this.checks.check(file, allowed, storedBytes);
    await this.store.put(storageKey(checked.id), checked.bytes, checked.contentType);
    try {
      return await this.dataSource.transaction(async (m) => {
        const { storedBytes: now } = await this.draftState(user, applicationId, m);
        if (now + checked.sizeBytes > this.checks.limits.maxTotalBytes) await this.checks.check(file, allowed, now); // refuses with the same message
        const [row] = await m.query(
          `insert into application_documents (id, application_id, name, type, content_type, size_bytes, sha256, uploaded_by) values ($1, $2, $3, $4, $5, $6, $7, $8) returning *`,
          [checked.id, applicationId, checked.name, checked.type, checked.contentType, checked.sizeBytes, checked.sha256, user.id],
        );
        await m.query('update applications set version = version + 1, updated_at = now() where id = $1', [applicationId]);
        await this.audit.record(m, { subjectType: 'application', subjectId: applicationId, action: 'document-added', actor: actorOf(user), detail: { documentId: checked.id, name: checked.name, sha256: checked.sha256, sizeBytes: checked.sizeBytes } });
        return documentViewOf(row);
      });
    } catch (err) {
      await this.store.delete(storageKey(checked.id)).catch(() => undefined);
      throw err;
    }
  }

  async remove(user: AuthenticatedUser, applicationId: string, documentId: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await this.draftState(user, applicationId, m);
      const [row] = await m.query('delete from application_documents where id = $1 and application_id = $2 returning *', [documentId, applicationId]);
      if (!row) throw DomainError.notFound('Document', documentId);
      await m.query('update applications set version = version + 1, updated_at = now() where id = $1', [applicationId]);
      await this.audit.record(m, { subjectType: 'application', subjectId: applicationId, action: 'document-removed', actor: actorOf(user), detail: { documentId, name: row.name } });
    });
    await this.store.delete(storageKey(documentId));
  }

  /** The document and its bytes, for those allowed to see the application (or holding a token for this document). */
  async download(user: AuthenticatedUser, applicationId: string, documentId: string): Promise<{ document: DocumentView; bytes: Buffer }> {
    if (user.documentId !== documentId || !hasRole(user, 'assessor')) await this.applications.get(user, applicationId);
    const [row] = await this.dataSource.query('select * from application_documents where id = $1 and application_id = $2', [documentId, applicationId]);
    if (!row) throw DomainError.notFound('Document', documentId);
    const bytes = await this.store.get(storageKey(documentId));
    if (!bytes) throw new Error(`Document ${documentId} has no bytes in the ${this.store.kind} store`);
    return { document: documentViewOf(row), bytes };
  }

  private async draftState(user: AuthenticatedUser, applicationId: string, m: EntityManager = this.dataSource.manager): Promise<{ allowed: DocumentType[]; storedBytes: number }> {
    const application = await this.applications.get(user, applicationId, m, m !== this.dataSource.manager);
    if (application.status !== 'draft') {
      throw new DomainError('conflict', 'application-not-editable', `Attachments can only be changed before the application is submitted; it is ${application.status}`);
    }
    const fund = application.fundId ? await m.findOne(FundEntity, { where: { id: application.fundId } }) : null;
    const [{ total }] = await m.query('select coalesce(sum(size_bytes), 0)::bigint as total from application_documents where application_id = $1', [applicationId]);
    return { allowed: (fund?.allowedDocumentTypes ?? []) as DocumentType[], storedBytes: Number(total) };
  }
}
