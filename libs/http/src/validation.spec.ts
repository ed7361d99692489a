import { ArgumentMetadata } from '@nestjs/common';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { fieldsWithNul, RequestValidationError, validationPipe } from './validation';

class NoteDto {
  @IsString()
  @MaxLength(200)
  note!: string;

  @IsOptional()
  @IsString({ each: true })
  tags?: string[];
}

const body = (metatype: ArgumentMetadata['metatype']): ArgumentMetadata => ({ type: 'body', metatype });

async function problemsOf(value: unknown, metadata: ArgumentMetadata) {
  const refused = await validationPipe().transform(value, metadata).then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(refused).toBeInstanceOf(RequestValidationError);
  return (refused as RequestValidationError).problems;
}

describe('text with a NUL character', () => {
  it('names every field holding one, however deep', () => {
    expect(fieldsWithNul({ title: 'a\u0000b', items: [{ title: 'fine' }, { title: '\u0000' }], count: 3, empty: null })).toEqual(['title', 'items.1.title']);
    expect(fieldsWithNul('a\u0000b', 'id')).toEqual(['id']);
    expect(fieldsWithNul({ title: 'a b', items: ['x'], at: new Date(0) })).toEqual([]);
  });

  it('is a validation failure naming the body field, before the field is otherwise checked', async () => {
    expect(await problemsOf({ note: 'fine', tags: ['ok', 'bad\u0000'] }, body(NoteDto))).toEqual([{ field: 'tags.1', problems: ['tags.1 must not contain a NUL character (\\u0000)'] }]);
  });

  it('is a validation failure naming the path or query parameter', async () => {
    expect(await problemsOf('a\u0000b', { type: 'param', data: 'assessorId', metatype: String })).toEqual([{ field: 'assessorId', problems: ['assessorId must not contain a NUL character (\\u0000)'] }]);
    expect(await problemsOf({ status: 'open\u0000' }, { type: 'query', metatype: Object })).toEqual([expect.objectContaining({ field: 'status' })]);
  });

  it('leaves other text to the usual checks', async () => {
    await expect(validationPipe().transform({ note: 'a note' }, body(NoteDto))).resolves.toEqual(Object.assign(new NoteDto(), { note: 'a note' }));
    expect(await problemsOf({ note: 'x'.repeat(201) }, body(NoteDto))).toEqual([{ field: 'note', problems: ['note must be shorter than or equal to 200 characters'] }]);
  });

  it('does not look into what the caller did not type (the signed-in user, an uploaded file)', async () => {
    const user = { id: 'a\u0000b' };
    await expect(validationPipe().transform(user, { type: 'custom', metatype: Object })).resolves.toBe(user);
  });
});
