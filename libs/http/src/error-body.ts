export interface FieldProblem {
  field: string;
  problems: string[];
}

/** The one shape of every error response. */
export interface ErrorBody {
  statusCode: number;
  /** Stable machine-readable code, e.g. `validation-failed`, `application-not-found`. */
  code: string;
  message: string;
  details?: FieldProblem[] | Record<string, unknown>;
  correlationId?: string;
}
