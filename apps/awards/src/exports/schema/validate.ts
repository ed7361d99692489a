import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import grantSchema from './360-giving-schema.json';
import packageSchema from './360-giving-package-schema.json';

/** The grant schema's address before its 1.4.3 `$id` fix, which the package schema still refers to. */
const GRANT_SCHEMA_1_4_2 = 'https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.2/schema/360-giving-schema.json';

function compile() {
  const ajv = new Ajv2020({ allErrors: true, strictTypes: false });
  addFormats(ajv);
  ajv.addVocabulary(['codelist', 'openCodelist', 'rollUp']);
  // The schemas name draft 2020-12 by its old http:// address; Ajv knows it by https://.
  ajv.addMetaSchema({ $id: 'http://json-schema.org/draft/2020-12/schema', $ref: 'https://json-schema.org/draft/2020-12/schema' });
  ajv.addSchema(grantSchema);
  ajv.addSchema({ $id: GRANT_SCHEMA_1_4_2, $ref: grantSchema.$id });
  return ajv.compile(packageSchema);
}

let validator: ReturnType<typeof compile> | undefined;

/** What makes a 360Giving data package invalid against the official schema: none when it is valid. */
export function packageSchemaErrors(data: unknown): string[] {
  validator ??= compile();
  if (validator(data)) return [];
  return (validator.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
}
