import { DynamicModule, Global, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DocumentChecks } from './document-check';
import { DOCUMENT_SETTINGS, DOCUMENT_STORE, DocumentSettings } from './document-settings';
import { DocumentStore, PostgresDocumentStore, S3DocumentStore } from './document-store';
import { DocumentUploadInterceptor } from './upload.interceptor';
import { virusScannerFrom } from './virus-scanner';

export function documentStoreFor(settings: DocumentSettings, dataSource: DataSource): DocumentStore {
  return settings.store === 's3' ? new S3DocumentStore(settings.s3) : new PostgresDocumentStore(dataSource);
}

/** The document store, the upload checks and the multipart interceptor, as the service's settings say. */
@Global()
@Module({})
export class DocumentsModule {
  static forRoot(settings: DocumentSettings): DynamicModule {
    return {
      module: DocumentsModule,
      providers: [
        { provide: DOCUMENT_SETTINGS, useValue: settings },
        { provide: DOCUMENT_STORE, inject: [DataSource], useFactory: (ds: DataSource) => documentStoreFor(settings, ds) },
        { provide: DocumentChecks, useFactory: () => new DocumentChecks(settings, virusScannerFrom(settings.virusScanner)) },
        DocumentUploadInterceptor,
      ],
      exports: [DOCUMENT_SETTINGS, DOCUMENT_STORE, DocumentChecks, DocumentUploadInterceptor],
    };
  }
}
