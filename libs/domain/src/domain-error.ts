/** What kind of refusal a domain rule makes; the HTTP layer maps each to a status. */
export type DomainErrorKind = 'not-found' | 'conflict' | 'unprocessable' | 'forbidden';

/**
 * A business rule refused the request. Thrown by domain and application code (never
 * HttpException there); the exception filter turns it into a 404, 409, 422 or 403.
 */
export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    /** Stable machine-readable code, e.g. `application-not-editable`. */
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  static notFound(what: string, id: string) {
    return new DomainError('not-found', `${what.toLowerCase().replace(/\s+/g, '-')}-not-found`, `${what} ${id} was not found`);
  }
}
