import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { RequestValidationError } from './validation';

/** The form Nest's ParseUUIDPipe accepts (any version), and PostgreSQL's uuid type reads. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A path or query parameter that must be a UUID: anything else is a validation failure naming the
 * parameter, as a body field's is, rather than ParseUUIDPipe's "uuid is expected" naming none.
 */
@Injectable()
export class UuidPipe implements PipeTransform<unknown, string> {
  transform(value: unknown, metadata: ArgumentMetadata): string {
    if (typeof value === 'string' && UUID.test(value)) return value;
    const field = metadata.data ?? metadata.type;
    throw new RequestValidationError([{ field, problems: [`${field} must be a UUID`] }]);
  }
}
