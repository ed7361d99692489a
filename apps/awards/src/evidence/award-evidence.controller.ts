import { Controller, Delete, Get, HttpCode, Param, Post, Res, UploadedFile } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuthenticatedUser, CurrentUser, Roles } from '@mutuals/auth';
import { DocumentDownloadRoute, DocumentUploadRoute, DocumentView, sendDocument, type UploadedFile as Upload } from '@mutuals/documents';
import { UuidPipe } from '@mutuals/http';
import { AwardDocumentListView } from './case-document.dto';
import { CaseEvidenceService } from './case-evidence.service';

/** The mutual's documents for its award's conditions: uploaded to the award's case, then named by id in the evidence of a condition. */
@ApiTags('monitoring')
@ApiBearerAuth()
@Controller('awards/:id/documents')
export class AwardEvidenceController {
  constructor(private readonly evidence: CaseEvidenceService) {}

  @Get()
  @Roles('applicant', 'programme_officer')
  @ApiOperation({ summary: "The documents the mutual attached to its award's case, oldest first, each with the conditions whose evidence names it and whether the mutual may remove it" })
  @ApiOkResponse({ type: AwardDocumentListView })
  list(@CurrentUser() user: AuthenticatedUser, @Param('id', UuidPipe) id: string): Promise<AwardDocumentListView> {
    return this.evidence.listForAward(user, id);
  }

  @Post()
  @Roles('applicant')
  @DocumentUploadRoute()
  @ApiOperation({
    summary:
      "The mutual attaches a document to its award's case (multipart, field `file`), with the checks of the officers' case evidence; send its id with the evidence of a condition (POST awards/:id/conditions/:conditionId/evidence)",
  })
  upload(@CurrentUser() user: AuthenticatedUser, @Param('id', UuidPipe) id: string, @UploadedFile() file: Upload | undefined): Promise<DocumentView> {
    return this.evidence.uploadForAward(user, id, file);
  }

  @Delete(':documentId')
  @Roles('applicant')
  @HttpCode(204)
  @ApiOperation({ summary: "The mutual removes a document it attached to its award's case (audited and published as the officers' removals are); another's, or the officers' due diligence, is not found" })
  @ApiNoContentResponse({ description: 'removed' })
  @ApiConflictResponse({ description: "document-held-as-evidence: a condition's evidence waiting for review or accepted names it" })
  async remove(@CurrentUser() user: AuthenticatedUser, @Param('id', UuidPipe) id: string, @Param('documentId', UuidPipe) documentId: string): Promise<void> {
    await this.evidence.removeForAward(user, id, documentId);
  }

  @Get(':documentId/content')
  @Roles('applicant', 'programme_officer')
  @DocumentDownloadRoute()
  @ApiOperation({ summary: "Download a document on the award's case (always as an attachment): the mutual only those it attached, an officer any" })
  async content(@CurrentUser() user: AuthenticatedUser, @Param('id', UuidPipe) id: string, @Param('documentId', UuidPipe) documentId: string, @Res() res: Response): Promise<void> {
    const { document, bytes } = await this.evidence.downloadForAward(user, id, documentId);
    sendDocument(res, document, bytes);
  }
}
