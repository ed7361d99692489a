import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as ts from 'typescript';

type JsonSchema = Record<string, unknown>;

const ENVELOPE_FILE = resolve(__dirname, 'envelope.ts');

/** What the TypeScript declaration cannot say about an attribute's string. */
const FORMATS: Record<string, JsonSchema> = {
  id: { format: 'uuid' },
  time: { format: 'date-time' },
  source: { examples: ['/services/applications'] },
};

/**
 * The JSON Schema of the event envelope, read from the `EventEnvelope` declaration itself
 * (libs/contracts/src/envelope.ts), so an attribute added there is documented without a second list
 * to keep in step: its name, whether it is optional, its type and its doc comment. Only for
 * generating documents (it reads the TypeScript source), never at run time.
 */
export function envelopeSchema(declarations = readFileSync(ENVELOPE_FILE, 'utf8')): JsonSchema {
  const source = ts.createSourceFile(ENVELOPE_FILE, declarations, ts.ScriptTarget.Latest, true);
  const declaration = source.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === 'EventEnvelope');
  if (!declaration) throw new Error(`${ENVELOPE_FILE} declares no EventEnvelope interface`);
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const member of declaration.members) {
    if (!ts.isPropertySignature(member) || !member.type) continue;
    const name = member.name.getText(source);
    if (!member.questionToken) required.push(name);
    const description = ts.getJSDocCommentsAndTags(member).map((doc) => (ts.isJSDoc(doc) ? ts.getTextOfJSDocComment(doc.comment) : undefined)).find(Boolean);
    properties[name] = { ...typeSchema(member.type, name), ...FORMATS[name], ...(description ? { description } : {}) };
  }
  return { type: 'object', required, properties };
}

function typeSchema(type: ts.TypeNode, name: string): JsonSchema {
  if (ts.isLiteralTypeNode(type) && ts.isStringLiteral(type.literal)) return { type: 'string', const: type.literal.text };
  if (ts.isUnionTypeNode(type) && type.types.every((t) => ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal))) {
    return { type: 'string', enum: type.types.map((t) => ((t as ts.LiteralTypeNode).literal as ts.StringLiteral).text) };
  }
  if (type.kind === ts.SyntaxKind.StringKeyword) return { type: 'string' };
  if (type.kind === ts.SyntaxKind.NumberKeyword) return { type: 'number' };
  if (type.kind === ts.SyntaxKind.BooleanKeyword) return { type: 'boolean' };
  // The type parameter: each event's own payload, given per message.
  if (ts.isTypeReferenceNode(type)) return { type: 'object' };
  throw new Error(`EventEnvelope.${name}: no JSON Schema for the type ${type.getText()}`);
}
