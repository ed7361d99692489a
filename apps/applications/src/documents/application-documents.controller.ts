import { Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiPayloadTooLargeResponse, ApiProduces, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuthenticatedUser, CurrentUser, Roles } from '@mutuals/auth';
import { DocumentListView, DocumentUploadInterceptor, DocumentView, sendDocument, UploadDocumentDto, type UploadedFile as Upload } from '@mutuals/documents';
import { ApplicationDocumentsService } from './application-documents.service';

@ApiTags('documents')
@ApiBearerAuth()
@Controller('applications/:applicationId/documents')
export class ApplicationDocumentsController {
  constructor(private readonly documents: ApplicationDocumentsService) {}

  @Get()
  @Roles('applicant', 'programme_officer')
  @ApiOperation({ summary: "The application's attachments, oldest first, with the limits and the types its fund accepts" })
  @ApiOkResponse({ type: DocumentListView })
  list(@CurrentUser() user: AuthenticatedUser, @Param('applicationId', ParseUUIDPipe) applicationId: string): Promise<DocumentListView> {
    return this.documents.list(user, applicationId);
  }

  @Post()
  @Roles('applicant')
  @UseInterceptors(DocumentUploadInterceptor)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: UploadDocumentDto })
  @ApiOperation({ summary: 'Attach a file to your draft application (multipart, field `file`); its type is judged from its bytes' })
  @ApiCreatedResponse({ type: DocumentView })
  @ApiPayloadTooLargeResponse({ description: 'larger than DOCUMENT_MAX_BYTES' })
  @ApiUnprocessableEntityResponse({ description: 'document-type-refused, document-type-not-allowed, documents-total-too-large, document-infected, document-not-scanned' })
  upload(@CurrentUser() user: AuthenticatedUser, @Param('applicationId', ParseUUIDPipe) applicationId: string, @UploadedFile() file: Upload | undefined): Promise<DocumentView> {
    return this.documents.upload(user, applicationId, file);
  }

  @Delete(':documentId')
  @Roles('applicant')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove an attachment from your draft application' })
  @ApiNoContentResponse({ description: 'removed' })
  async remove(@CurrentUser() user: AuthenticatedUser, @Param('applicationId', ParseUUIDPipe) applicationId: string, @Param('documentId', ParseUUIDPipe) documentId: string): Promise<void> {
    await this.documents.remove(user, applicationId, documentId);
  }

  @Get(':documentId/content')
  @Roles('applicant', 'programme_officer', 'assessor')
  @ApiProduces('application/octet-stream')
  @ApiOperation({ summary: 'Download an attachment (always as an attachment); an assessor needs a token for this document' })
  @ApiOkResponse({ description: 'the bytes, with Content-Disposition: attachment', schema: { type: 'string', format: 'binary' } })
  async content(
    @CurrentUser() user: AuthenticatedUser,
    @Param('applicationId', ParseUUIDPipe) applicationId: string,
    @Param('documentId', ParseUUIDPipe) documentId: string,
    @Res() res: Response,
  ): Promise<void> {
    const { document, bytes } = await this.documents.download(user, applicationId, documentId);
    sendDocument(res, document, bytes);
  }
}
