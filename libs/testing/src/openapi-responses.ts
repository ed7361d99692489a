import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { OpenAPIObject } from '@nestjs/swagger';

type Schema = Record<string, unknown>;
type Operation = { responses?: Record<string, { content?: Record<string, { schema?: Schema }> }> };

const DOCUMENT_ID = 'openapi';

/**
 * An OpenAPI 3.0 schema as a JSON schema: `nullable` becomes "or null", references point into the
 * document registered under DOCUMENT_ID, and an object's properties are the only ones it may have
 * (a field the document does not declare is one a generated client would not know).
 */
function toJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (!schema || typeof schema !== 'object') return schema;
  const { nullable, ...rest } = schema as Schema;
  const converted: Schema = {};
  for (const [key, value] of Object.entries(rest)) {
    if (key === '$ref' && typeof value === 'string') converted.$ref = `${DOCUMENT_ID}${value}`;
    else if (key === 'properties' && value && typeof value === 'object') {
      converted.properties = Object.fromEntries(Object.entries(value).map(([name, property]) => [name, toJsonSchema(property)]));
    } else if (key === 'example' || key === 'examples') continue;
    else converted[key] = toJsonSchema(value);
  }
  if (converted.properties && converted.additionalProperties === undefined) converted.additionalProperties = false;
  if (nullable !== true) return converted;
  if (typeof converted.type !== 'string' || converted.allOf || converted.oneOf || converted.anyOf || converted.$ref) return { anyOf: [converted, { type: 'null' }] };
  // Said this way rather than anyOf, a wrong value gets one message, not three.
  return { ...converted, type: [converted.type, 'null'], ...(Array.isArray(converted.enum) ? { enum: [...converted.enum, null] } : {}) };
}

/** Express's `/awards/:id` as OpenAPI's `/awards/{id}`. */
export function openApiPath(expressPath: string): string {
  return expressPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

/**
 * Checks response bodies against the schemas a service's OpenAPI document declares for them. A
 * success status must be declared by the operation; an error status may fall back to `default`.
 */
export class ResponseContract {
  private readonly ajv = new Ajv({ allErrors: true, strict: false });
  private readonly validators = new Map<string, ValidateFunction | null>();

  constructor(private readonly document: OpenAPIObject) {
    addFormats(this.ajv);
    // OpenAPI's number and string formats that JSON schema does not know: the type says enough.
    for (const format of ['int32', 'int64', 'float', 'double', 'byte', 'binary', 'password']) this.ajv.addFormat(format, true);
    this.ajv.addSchema({ components: { schemas: toJsonSchema(document.components?.schemas ?? {}) } }, DOCUMENT_ID);
  }

  /** What is wrong with a JSON response, or an empty list. `path` is the template, `/awards/{id}`. */
  problems(method: string, path: string, status: number, body: unknown): string[] {
    const where = `${method.toUpperCase()} ${path} ${status}`;
    const operation = (this.document.paths[path] as Record<string, unknown> | undefined)?.[method.toLowerCase()] as Operation | undefined;
    if (!operation) return [`${where}: the document has no such operation`];
    const responses = operation.responses ?? {};
    const declared = responses[String(status)] ?? (status >= 400 ? responses[`${String(status)[0]}XX`] ?? responses.default : undefined);
    if (!declared) return [`${where}: the operation declares no ${status} response`];
    if (!this.validators.has(where)) {
      const schema = declared.content?.['application/json']?.schema;
      this.validators.set(where, schema ? this.ajv.compile(toJsonSchema(schema) as Schema) : null);
    }
    const validate = this.validators.get(where);
    if (!validate) return [`${where}: the response declares no application/json schema, yet the body is JSON`];
    if (validate(body)) return [];
    return (validate.errors ?? []).map((e) => `${where}: ${e.instancePath || '(body)'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` '${String(e.params.additionalProperty)}'` : ''}`);
  }
}
