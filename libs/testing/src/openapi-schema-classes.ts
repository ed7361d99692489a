import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

type SchemaClass = abstract new (...args: never[]) => unknown;

/**
 * Every class the OpenAPI schemas built while `build` runs come from, by schema name. Swagger asks
 * each class for its schema name (its class name or @ApiSchema's) before it explores or refers to it,
 * and keeps one schema per name: a second class of the same name is silently published as the first.
 */
export async function schemaClassesWhile(build: () => Promise<unknown>): Promise<Map<string, Set<SchemaClass>>> {
  // Not among the package's exports: required by its file, the same module SwaggerModule uses.
  const { SchemaObjectFactory } = require(join(dirname(require.resolve('@nestjs/swagger')), 'services/schema-object-factory.js'));
  const factory = SchemaObjectFactory.prototype as { getSchemaMetadata?: (type: SchemaClass) => { schemaName: string } };
  const original = factory.getSchemaMetadata;
  // Fails loudly should @nestjs/swagger stop naming schemas here, rather than finding no classes and passing.
  if (typeof original !== 'function') throw new Error('@nestjs/swagger no longer names schemas in SchemaObjectFactory.getSchemaMetadata: update schemaClassesWhile');
  const classes = new Map<string, Set<SchemaClass>>();
  factory.getSchemaMetadata = function (type) {
    const metadata = original.call(this, type);
    classes.set(metadata.schemaName, (classes.get(metadata.schemaName) ?? new Set()).add(type));
    return metadata;
  };
  try {
    await build();
  } finally {
    factory.getSchemaMetadata = original;
  }
  return classes;
}

/** Schema names shared by different classes, each with the source files declaring a class of that name. */
export function schemaNameClashes(classes: Map<string, Set<SchemaClass>>, root = process.cwd()): string[] {
  return [...classes]
    .filter(([, found]) => found.size > 1)
    .map(([name, found]) => {
      const files = filesDeclaring([...found].map((c) => c.name), root);
      return `${found.size} classes are published as schema ${name} (${files.length > 0 ? files.join(', ') : 'declared outside apps/ and libs/ sources'}): give each its own name`;
    });
}

/** Source files under apps/ and libs/ declaring a class of one of these names. */
function filesDeclaring(names: string[], root: string): string[] {
  const declaration = new RegExp(`\\bclass (${[...new Set(names)].join('|')})\\b`);
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== 'node_modules') walk(path);
      else if (entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && declaration.test(readFileSync(path, 'utf8'))) files.push(relative(root, path));
    }
  };
  for (const top of ['apps', 'libs']) walk(join(root, top));
  return files.sort();
}
