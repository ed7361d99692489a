import { applyDecorators, BadRequestException, Type as ClassType, ValidationError, ValidationPipe } from '@nestjs/common';
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

/** Whitelists fields, refuses unknown ones, converts types, and reports a message per field. */
export function validationPipe(): ValidationPipe {
  return new ValidationPipe({
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
