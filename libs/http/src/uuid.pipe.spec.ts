import { ArgumentMetadata } from '@nestjs/common';
import { UuidPipe } from './uuid.pipe';
import { RequestValidationError } from './validation';

const param = (data: string): ArgumentMetadata => ({ type: 'param', data, metatype: String });

function refusal(value: unknown, metadata: ArgumentMetadata): unknown {
  try {
    new UuidPipe().transform(value, metadata);
  } catch (err) {
    return err;
  }
  return undefined;
}

describe('a parameter that must be a UUID', () => {
  it('passes a UUID on unchanged, of any version and either case', () => {
    for (const id of ['6c1e2b0a-3f4d-4c55-9a51-0b7e0f1f8c11', '00000000-0000-0000-0000-000000000000', '6C1E2B0A-3F4D-1C55-9A51-0B7E0F1F8C11']) {
      expect(new UuidPipe().transform(id, param('id'))).toBe(id);
    }
  });

  it('refuses anything else as a validation failure naming the parameter', () => {
    for (const junk of ['not-an-id', '', '6c1e2b0a-3f4d-4c55-9a51-0b7e0f1f8c1', '6c1e2b0a3f4d4c559a510b7e0f1f8c11', ' 6c1e2b0a-3f4d-4c55-9a51-0b7e0f1f8c11', undefined, 42]) {
      const refused = refusal(junk, param('conditionId'));
      expect(refused).toBeInstanceOf(RequestValidationError);
      expect((refused as RequestValidationError).problems).toEqual([{ field: 'conditionId', problems: ['conditionId must be a UUID'] }]);
    }
  });

  it('names a query parameter the same way', () => {
    expect((refusal('x', { type: 'query', data: 'awardId', metatype: String }) as RequestValidationError).problems).toEqual([{ field: 'awardId', problems: ['awardId must be a UUID'] }]);
  });
});
