/**
 * Renders the kustomize overlays with `kubectl kustomize` (offline) and validates every document:
 * core kinds with kubernetes-models, the operators' kinds with the JSON schemas in k8s/schemas (or,
 * given K8S_CRD_DIR, with the operators' own CRDs as well).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv, { ValidateFunction } from 'ajv';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Service } from 'kubernetes-models/v1/Service';
import { parse, parseAllDocuments } from 'yaml';

export const ROOT = resolve(__dirname, '../..');
export type Manifest = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> }; spec?: any; data?: any };

const KUBECTL = process.env.KUBECTL ?? (existsSync('/usr/bin/kubectl') ? '/usr/bin/kubectl' : 'kubectl');

export function render(overlay: string): Manifest[] {
  const out = execFileSync(KUBECTL, ['kustomize', resolve(ROOT, overlay)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return parseAllDocuments(out)
    .map((d) => d.toJSON() as Manifest)
    .filter(Boolean);
}

export const CORE_MODELS: Record<string, new (doc: any) => { validate(): void }> = {
  'apps/v1/Deployment': Deployment,
  'v1/Service': Service,
  'v1/ConfigMap': ConfigMap,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
};

const METADATA = {
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: {
    // A DNS subdomain: what custom resources' names must be.
    name: { type: 'string', maxLength: 253, pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$' },
    namespace: { type: 'string' },
    labels: { type: 'object', additionalProperties: { type: 'string' } },
    annotations: { type: 'object', additionalProperties: { type: 'string' } },
  },
};

/** The schemas' ids are `<SCHEMA_BASE><apiVersion>` (an absolute URI, so references between files resolve). */
const SCHEMA_BASE = 'https://schemas.mutuals.invalid/';

/** Validators of the operators' kinds from the hand-written schemas: `<group>/<version>/<Kind>` -> validate. */
export function customResourceValidators(): Map<string, ValidateFunction> {
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  const dir = resolve(ROOT, 'k8s/schemas');
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
  const schemas = files.map((f) => parse(readFileSync(join(dir, f), 'utf8')));
  for (const schema of schemas) ajv.addSchema(schema);
  const validators = new Map<string, ValidateFunction>();
  for (const schema of schemas.filter((s) => !s.$id.endsWith('/common'))) {
    const apiVersion = String(schema.$id).replace(SCHEMA_BASE, '');
    for (const kind of Object.keys(schema.definitions).filter((k) => /^[A-Z]/.test(k))) {
      validators.set(
        `${apiVersion}/${kind}`,
        ajv.compile({
          type: 'object',
          required: ['apiVersion', 'kind', 'metadata', 'spec'],
          additionalProperties: false,
          properties: {
            apiVersion: { const: apiVersion },
            kind: { const: kind },
            metadata: METADATA,
            spec: { $ref: `${schema.$id}#/definitions/${kind}` },
          },
        }),
      );
    }
  }
  return validators;
}

/**
 * Validators from the operators' full CRDs, made strict as `kubectl apply --validate=strict` is:
 * an object schema with properties refuses any other field unless it keeps unknown fields.
 */
export function crdValidators(dir: string): Map<string, ValidateFunction> {
  const ajv = new Ajv({ allErrors: true, strict: false, logger: false });
  const strict = (schema: any): any => {
    if (!schema || typeof schema !== 'object') return schema;
    if (Array.isArray(schema)) return schema.map(strict);
    const out: any = {};
    for (const [key, value] of Object.entries(schema)) {
      out[key] = key === 'properties' ? Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, strict(v)])) : strict(value);
    }
    if (out.properties && out.additionalProperties === undefined && !out['x-kubernetes-preserve-unknown-fields']) out.additionalProperties = false;
    // Go regular expressions ajv cannot read; and int-or-string, which JSON schema spells otherwise.
    if (typeof out.pattern === 'string' && out.pattern.includes('(?')) delete out.pattern;
    if (out['x-kubernetes-int-or-string']) {
      delete out.type;
      out.anyOf = [{ type: 'integer' }, { type: 'string' }];
    }
    return out;
  };
  const validators = new Map<string, ValidateFunction>();
  for (const file of readdirSync(dir).filter((f) => /\.ya?ml$/.test(f))) {
    for (const doc of parseAllDocuments(readFileSync(join(dir, file), 'utf8')).map((d) => d.toJSON())) {
      if (doc?.kind !== 'CustomResourceDefinition') continue;
      for (const version of doc.spec.versions) {
        const schema = strict(version.schema.openAPIV3Schema);
        schema.properties.metadata = { type: 'object' };
        validators.set(`${doc.spec.group}/${version.name}/${doc.spec.names.kind}`, ajv.compile(schema));
      }
    }
  }
  return validators;
}

/** Problems of one document, or [] when it is valid. */
export function problemsOf(doc: Manifest, validators: Map<string, ValidateFunction>): string[] {
  const key = `${doc.apiVersion}/${doc.kind}`;
  const Model = CORE_MODELS[key];
  if (Model) {
    try {
      new Model(doc).validate();
      return [];
    } catch (err) {
      return [String(err instanceof Error ? err.message : err)];
    }
  }
  const validate = validators.get(key);
  if (!validate) return [`no schema for ${key}`];
  if (validate(doc)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
}
