import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import multer from 'multer';
import { megabytes } from '@mutuals/documents';
import { PortalConfig } from '../config';

/** What a multipart form brought: its file, or why it was not read. */
export interface UploadOf {
  file?: { buffer: Buffer; originalname: string; size: number };
  refusal?: string;
}

declare module 'express-serve-static-core' {
  interface Request {
    upload?: UploadOf;
  }
}

/** The pages whose forms carry a file: every documents page, and the mutual's evidence for a condition of its award. */
const FILE_PAGES = [/\/documents$/, /^\/applicant\/awards\/[^/]+\/conditions\/[^/]+$/];

/**
 * Reads a multipart form (a file upload page) into memory before the session's CSRF check, which
 * needs its fields; stops at DOCUMENT_MAX_BYTES, keeping the fields read so far (the token comes
 * first in our forms) and the reason, so the page can say the file was too large.
 */
@Injectable()
export class UploadMiddleware implements NestMiddleware {
  private readonly read: ReturnType<ReturnType<typeof multer>['single']>;

  constructor(@Inject(PortalConfig) private readonly config: PortalConfig) {
    this.read = multer({ storage: multer.memoryStorage(), limits: { fileSize: config.DOCUMENT_MAX_BYTES, files: 1, fields: 10 } }).single('file');
  }

  use(req: Request, res: Response, next: NextFunction): void {
    // Only the pages that take files; a multipart post anywhere else is left unread (and fails its CSRF check).
    const path = req.originalUrl.split('?')[0];
    if (req.method !== 'POST' || !req.is('multipart/form-data') || !FILE_PAGES.some((page) => page.test(path))) return next();
    this.read(req, res, (err: unknown) => {
      const code = (err as { code?: string } | undefined)?.code;
      const refusal = !err
        ? undefined
        : code === 'LIMIT_FILE_SIZE'
          ? `The file must be ${megabytes(this.config.DOCUMENT_MAX_BYTES)} or smaller`
          : 'The file could not be read; choose it again';
      req.upload = { file: (req as Request & { file?: UploadOf['file'] }).file, refusal };
      next();
    });
  }
}
