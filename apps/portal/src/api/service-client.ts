import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { CORRELATION_HEADER, currentContext, inSpan, traceCarrier } from '@mutuals/observability';
import type { SignedInUser } from '../auth/personas';
import type { ServiceTokens } from '../tokens/service-tokens';

export interface FieldProblem {
  field: string;
  problems: string[];
}

/** A service refused or failed a request; carries the service's error body. */
export class ApiError extends Error {
  constructor(
    readonly service: string,
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: FieldProblem[] | Record<string, unknown>,
  ) {
    super(message);
  }

  get fieldProblems(): FieldProblem[] {
    return Array.isArray(this.details) ? this.details : [];
  }
}

/** The service could not be reached at all. */
export class ServiceUnavailable extends Error {
  constructor(readonly service: string, cause: unknown) {
    super(`The ${service} service is not available`, { cause });
  }
}

type Query = Record<string, string | number | boolean | undefined | null>;

/**
 * Calls one service's HTTP API as the signed-in user: each request carries a short-lived token
 * minted for that user and that service alone, so the service applies its own rules about who may see what.
 */
export class ServiceClient {
  constructor(
    readonly service: string,
    private readonly baseUrl: string,
    private readonly tokens: ServiceTokens,
  ) {}

  get<T>(user: SignedInUser, path: string, query?: Query): Promise<T> {
    return this.request<T>(user, 'GET', path, { query });
  }

  /**
   * Every row of a paged list, a full page at a time: for reference lists kept short by nature
   * (programmes, funds, rounds) that fill a filter or a dashboard. Stops at `limit` pages.
   */
  async all<T>(user: SignedInUser, path: string, query: Query = {}, limit = 50): Promise<T[]> {
    const rows: T[] = [];
    for (let page = 1; page <= limit; page++) {
      const result = await this.get<{ items: T[]; total: number }>(user, path, { ...query, page, pageSize: 200 });
      rows.push(...result.items);
      if (result.items.length === 0 || rows.length >= result.total) break;
    }
    return rows;
  }

  post<T>(user: SignedInUser, path: string, body: unknown = {}): Promise<T> {
    return this.request<T>(user, 'POST', path, { body });
  }

  patch<T>(user: SignedInUser, path: string, body: unknown): Promise<T> {
    return this.request<T>(user, 'PATCH', path, { body });
  }

  put<T>(user: SignedInUser, path: string, body: unknown): Promise<T> {
    return this.request<T>(user, 'PUT', path, { body });
  }

  /** Passes an uploaded file on as multipart (field `file`), as the portal received it. */
  postFile<T>(user: SignedInUser, path: string, file: { buffer: Buffer; originalname: string }): Promise<T> {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(file.buffer)]), file.originalname);
    return this.request<T>(user, 'POST', path, { form });
  }

  delete(user: SignedInUser, path: string): Promise<void> {
    return this.request<void>(user, 'DELETE', path, {});
  }

  /** The raw response, for downloads passed straight through (CSV, 360Giving JSON). */
  async download(user: SignedInUser, path: string, query?: Query): Promise<Response> {
    const response = await this.send(user, 'GET', path, { query });
    if (!response.ok) throw await this.errorFrom(response);
    return response;
  }

  async request<T>(user: SignedInUser, method: string, path: string, options: { query?: Query; body?: unknown; form?: FormData }): Promise<T> {
    const response = await this.send(user, method, path, options);
    if (!response.ok) throw await this.errorFrom(response);
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  private async send(user: SignedInUser, method: string, path: string, { query, body, form }: { query?: Query; body?: unknown; form?: FormData }): Promise<Response> {
    const url = new URL(path, this.baseUrl);
    for (const [name, value] of Object.entries(query ?? {})) {
      if (value !== undefined && value !== null && value !== '') url.searchParams.set(name, String(value));
    }
    const headers: Record<string, string> = {
      Authorization: `Bearer ${this.tokens.forService(user, this.service)}`,
      Accept: 'application/json',
    };
    const correlationId = currentContext()?.correlationId;
    if (correlationId) headers[CORRELATION_HEADER] = correlationId;
    if (body !== undefined && method !== 'GET') headers['Content-Type'] = 'application/json';
    // A client span by hand, its trace context in the W3C headers: the HTTP instrumentation does not see fetch.
    const attributes = { 'http.request.method': method, 'server.address': url.host, 'url.path': url.pathname, 'peer.service': this.service };
    return inSpan(`${method} ${this.service}`, { kind: SpanKind.CLIENT, attributes }, async (span) => {
      Object.assign(headers, traceCarrier());
      try {
        const response = await fetch(url, { method, headers, body: form ?? (body !== undefined && method !== 'GET' ? JSON.stringify(body) : undefined), signal: AbortSignal.timeout(form ? 60000 : 10000) });
        span.setAttribute('http.response.status_code', response.status);
        if (response.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        return response;
      } catch (err) {
        throw new ServiceUnavailable(this.service, err);
      }
    });
  }

  private async errorFrom(response: Response): Promise<ApiError> {
    const body = (await response.json().catch(() => ({}))) as { code?: string; message?: string; details?: FieldProblem[] };
    return new ApiError(this.service, response.status, body.code ?? 'error', body.message ?? response.statusText, body.details);
  }
}
