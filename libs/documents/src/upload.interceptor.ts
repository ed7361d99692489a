import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor, PayloadTooLargeException, UnprocessableEntityException } from '@nestjs/common';
import multer from 'multer';
import { Observable } from 'rxjs';
import { megabytes } from './document-check';
import { DOCUMENT_SETTINGS, DocumentSettings } from './document-settings';

/**
 * Reads one multipart `file` field into memory, stopping at DOCUMENT_MAX_BYTES (then a 413 that
 * says the limit) so an oversized upload is never buffered whole, let alone stored.
 */
@Injectable()
export class DocumentUploadInterceptor implements NestInterceptor {
  private readonly upload: ReturnType<ReturnType<typeof multer>['single']>;
  private readonly maxBytes: number;

  constructor(@Inject(DOCUMENT_SETTINGS) settings: DocumentSettings) {
    this.maxBytes = settings.maxBytes;
    this.upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: settings.maxBytes, files: 1, fields: 10 } }).single('file');
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    await new Promise<void>((resolve, reject) =>
      this.upload(http.getRequest(), http.getResponse(), (err: unknown) => {
        if (!err) return resolve();
        const code = (err as { code?: string }).code;
        if (code === 'LIMIT_FILE_SIZE') return reject(new PayloadTooLargeException(`The file is larger than ${megabytes(this.maxBytes)}; upload a file of ${megabytes(this.maxBytes)} or less`));
        if (code?.startsWith('LIMIT_')) return reject(new UnprocessableEntityException(`Upload one file, in the field named file (${(err as Error).message})`));
        reject(new UnprocessableEntityException(`The upload could not be read: ${(err as Error).message}`));
      }),
    );
    return next.handle();
  }
}
