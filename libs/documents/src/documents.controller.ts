import { applyDecorators, Controller, Delete, Get, HttpCode, Inject, Param, Post, Res, Type, UploadedFile, UseInterceptors } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { AuthenticatedUser, CurrentUser, Role, Roles } from '@mutuals/auth';
import { UuidPipe } from '@mutuals/http';
import type { UploadedFile as Upload } from './document-check';
import { DocumentListView, DocumentView, UploadDocumentDto } from './document.dto';
import { sendDocument, StoredDocument } from './record-documents';
import { DocumentUploadInterceptor } from './upload.interceptor';

/** An upload route's handling and documentation: multipart field `file`, the checks' refusals. */
export const DocumentUploadRoute = () =>
  applyDecorators(
    UseInterceptors(DocumentUploadInterceptor),
    ApiConsumes('multipart/form-data'),
    ApiBody({ type: UploadDocumentDto }),
    ApiCreatedResponse({ type: DocumentView }),
    ApiPayloadTooLargeResponse({ description: 'larger than DOCUMENT_MAX_BYTES' }),
    ApiUnprocessableEntityResponse({ description: 'document-missing, document-type-refused, document-type-not-allowed, documents-total-too-large, document-infected, document-not-scanned' }),
  );

/** A download route's documentation: the bytes, always as an attachment. */
export const DocumentDownloadRoute = () =>
  applyDecorators(ApiProduces('application/octet-stream'), ApiOkResponse({ description: 'the bytes, with Content-Disposition: attachment', schema: { type: 'string', format: 'binary' } }));

/** What a service's documents use case offers its controller; each decides who may do what. */
export interface RecordDocumentsApi {
  list(user: AuthenticatedUser, ownerId: string): Promise<DocumentListView>;
  upload(user: AuthenticatedUser, ownerId: string, file: Upload | undefined): Promise<StoredDocument>;
  remove(user: AuthenticatedUser, ownerId: string, documentId: string): Promise<void>;
  download(user: AuthenticatedUser, ownerId: string, documentId: string): Promise<{ document: StoredDocument; bytes: Buffer }>;
}

export interface DocumentRoutes {
  /** e.g. `applications/:ownerId/documents`. */
  path: string;
  /** What the record is called in the documentation: `application`, `bid`, `case`. */
  record: string;
  service: Type<RecordDocumentsApi>;
  /** Who lists and downloads (besides an assessor holding a token for the one document). */
  readers: Role[];
  /** Who adds and removes. */
  writers: Role[];
  /** The list's schema, when a service's items say more than DocumentView. */
  listView?: Type<DocumentListView>;
  /** When a removal may be refused (409): its codes and why, for the documentation. */
  removalConflicts?: string;
}

/** The four document routes of a record, the same in every service: list, upload (multipart `file`), remove, download. */
export function documentsController(routes: DocumentRoutes): Type<unknown> {
  @ApiTags('documents')
  @ApiBearerAuth()
  @Controller(routes.path)
  class RecordDocumentsController {
    constructor(@Inject(routes.service) private readonly documents: RecordDocumentsApi) {}

    @Get()
    @Roles(...routes.readers)
    @ApiOperation({ summary: `The ${routes.record}'s attachments, oldest first, with the limits and the types accepted` })
    @ApiOkResponse({ type: routes.listView ?? DocumentListView })
    list(@CurrentUser() user: AuthenticatedUser, @Param('ownerId', UuidPipe) ownerId: string): Promise<DocumentListView> {
      return this.documents.list(user, ownerId);
    }

    @Post()
    @Roles(...routes.writers)
    @DocumentUploadRoute()
    @ApiOperation({ summary: `Attach a file to the ${routes.record} (multipart, field \`file\`); its type is judged from its bytes` })
    upload(@CurrentUser() user: AuthenticatedUser, @Param('ownerId', UuidPipe) ownerId: string, @UploadedFile() file: Upload | undefined): Promise<DocumentView> {
      return this.documents.upload(user, ownerId, file);
    }

    @Delete(':documentId')
    @Roles(...routes.writers)
    @HttpCode(204)
    @ApiOperation({ summary: `Remove an attachment from the ${routes.record}` })
    @ApiNoContentResponse({ description: 'removed' })
    @(routes.removalConflicts ? ApiConflictResponse({ description: routes.removalConflicts }) : applyDecorators())
    async remove(@CurrentUser() user: AuthenticatedUser, @Param('ownerId', UuidPipe) ownerId: string, @Param('documentId', UuidPipe) documentId: string): Promise<void> {
      await this.documents.remove(user, ownerId, documentId);
    }

    @Get(':documentId/content')
    @Roles(...new Set<Role>([...routes.readers, 'assessor']))
    @DocumentDownloadRoute()
    @ApiOperation({ summary: 'Download an attachment (always as an attachment); an assessor needs a token for this document' })
    async content(@CurrentUser() user: AuthenticatedUser, @Param('ownerId', UuidPipe) ownerId: string, @Param('documentId', UuidPipe) documentId: string, @Res() res: Response): Promise<void> {
      const { document, bytes } = await this.documents.download(user, ownerId, documentId);
      sendDocument(res, document, bytes);
    }
  }
  Object.defineProperty(RecordDocumentsController, 'name', { value: `${routes.record[0].toUpperCase()}${routes.record.slice(1)}DocumentsController` });
  return RecordDocumentsController;
}
