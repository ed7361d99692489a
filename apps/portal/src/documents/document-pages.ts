import type { Request, Response } from 'express';
import { attachmentDisposition, megabytes, TYPE_NAMES, typeList, type DocumentType } from '@mutuals/documents';
import type { DocumentList } from '../api/applications.types';
import { ApiError, ServiceClient } from '../api/service-client';
import { userOf } from '../auth/personas';
import { formErrorsFrom, FormErrors } from '../forms/api-errors';
import { redirectWithFlash } from '../pages/flash';

/** Where one record's documents are: in its service's API, and on the portal's page. */
export interface DocumentsPlace {
  client: ServiceClient;
  /** e.g. `/applications/<id>/documents`. */
  api: string;
  /** e.g. `/applicant/applications/<id>/documents`. */
  page: string;
  caption: string;
  intro: string;
  /** Where Continue and the back link go. */
  next: string;
}

/**
 * The supporting documents page of any record (an application, a bid, a case): the list with
 * download links, remove buttons, and the GOV.UK file upload, each passed on to the service that
 * holds the record; its refusals shown on the file field.
 */
export class DocumentPages {
  async render(req: Request, res: Response, place: DocumentsPlace, errors?: FormErrors): Promise<void> {
    const list = await place.client.get<DocumentList>(userOf(req), place.api);
    const limits = `${typeList(list.allowedTypes as DocumentType[])}; up to ${megabytes(list.maxBytes)} each and ${megabytes(list.maxTotalBytes)} in all (${megabytes(list.totalBytes)} used)`;
    const documents = list.items.map((d) => ({ ...d, kind: TYPE_NAMES[d.type as DocumentType] ?? d.type, size: megabytes(d.sizeBytes) }));
    res.status(errors ? 422 : 200).render('documents/documents.njk', { place, documents, limits, errors, backLink: place.next });
  }

  async upload(req: Request, res: Response, place: DocumentsPlace): Promise<void> {
    const upload = req.upload ?? {};
    if (upload.refusal) return this.render(req, res, place, { file: upload.refusal });
    if (!upload.file || upload.file.size === 0) return this.render(req, res, place, { file: 'Select a file to upload' });
    const sent = await passFileOn<{ name: string }>(req, place.client, place.api, upload.file);
    if ('errors' in sent) return this.render(req, res, place, sent.errors);
    await redirectWithFlash(req, res, place.page, `${sent.added.name} has been uploaded`);
  }

  async remove(req: Request, res: Response, place: DocumentsPlace, documentId: string): Promise<void> {
    try {
      await place.client.delete(userOf(req), `${place.api}/${documentId}`);
    } catch (err) {
      return this.render(req, res, place, formErrorsFrom(err, () => 'file', 'file'));
    }
    await redirectWithFlash(req, res, place.page, 'The document has been removed');
  }

  /** A download, always as an attachment, under the name the service gave it. */
  async download(req: Request, res: Response, client: ServiceClient, api: string, documentId: string, user = userOf(req)): Promise<void> {
    const list = await client.get<DocumentList>(user, api);
    const document = list.items.find((d) => d.id === documentId);
    if (!document) return void res.status(404).render('errors/not-found.njk');
    await sendDownload(res, await client.download(user, `${api}/${documentId}/content`), document);
  }
}

/** The form's file passed on to the service that keeps it; a refusal (too large, not a document, infected) becomes the file field's error. */
export async function passFileOn<T>(req: Request, client: ServiceClient, api: string, file: { buffer: Buffer; originalname: string }): Promise<{ added: T } | { errors: FormErrors }> {
  try {
    return { added: await client.postFile<T>(userOf(req), api, file) };
  } catch (err) {
    if (err instanceof ApiError && err.status === 413) return { errors: { file: err.message } };
    return { errors: formErrorsFrom(err, () => 'file', 'file') };
  }
}

export async function sendDownload(res: Response, download: globalThis.Response, document: { name: string; contentType: string }): Promise<void> {
  res.setHeader('Content-Type', document.contentType);
  res.setHeader('Content-Disposition', attachmentDisposition(document.name));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.send(Buffer.from(await download.arrayBuffer()));
}
