import { applyDecorators, ArgumentMetadata, BadRequestException, Type as ClassType, ValidationError, ValidationPipe } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsObject, ValidateNested } from 'class-validator';
import { FieldProblem } from './error-body';

export class RequestValidationError extends BadRequestException {
  constructor(readonly problems: FieldProblem[]) {
    super(problems.map((p) => p.problems.join(', ')).join('; '));
  }
}

export function fieldProblems(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((m) =>
      // class-validator words "property x should not exist" for unknown fields
      m.replace(/^property (\S+) should not exist$/, `${field} is not a known field`),
    );
    const mine: FieldProblem[] = own.length > 0 ? [{ field, problems: own }] : [];
    return [...mine, ...fieldProblems(error.children ?? [], field)];
  });
}

/**
 * The fields, named as fieldProblems names them (`items.0.title`), whose text holds a NUL character.
 * PostgreSQL cannot store one in text, and no form or API client sends one on purpose.
 */
export function fieldsWithNul(value: unknown, parent = ''): string[] {
  if (typeof value === 'string') return value.includes('\u0000') ? [parent] : [];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) => fieldsWithNul(child, parent ? `${parent}.${key}` : key));
}

/** A validation failure naming each of the fields (from fieldsWithNul), or nothing when there are none. */
export function nulCharacterRefusal(fields: string[]): RequestValidationError | undefined {
  if (fields.length === 0) return undefined;
  return new RequestValidationError(fields.map((field) => ({ field, problems: [`${field} must not contain a NUL character (\\u0000)`] })));
}

/** Refuses a NUL character in any body, query or path value before the usual checks. */
class PlatformValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // `custom` arguments (the signed-in user, an uploaded file) are not text the caller typed.
    if (metadata.type !== 'custom') {
      const refusal = nulCharacterRefusal(fieldsWithNul(value, metadata.data ?? '').map((field) => field || metadata.type));
      if (refusal) throw refusal;
    }
    return super.transform(value, metadata);
  }
}

/** Whitelists fields, refuses unknown ones and NUL characters, converts types, and reports a message per field. */
export function validationPipe(): ValidationPipe {
  return new PlatformValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new RequestValidationError(fieldProblems(errors)),
  });
}

/**
 * A property holding one object of `type`, checked field by field. ValidateNested alone lets an
 * array through (it checks each element, and an empty array has none), and the handler then fails
 * on it; IsObject refuses arrays and scalars first.
 */
export function NestedObject(type: () => ClassType<unknown>): PropertyDecorator {
  return applyDecorators(IsObject({ message: ({ property }) => `${property} must be an object` }), ValidateNested(), Type(type));
}
