import { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * The select list for every column of `entity` under table alias `alias`, each named
 * `<alias>_<column>`, for hand-written queries that join several entities in one statement.
 */
export function aliasedColumns(dataSource: DataSource, entity: EntityTarget<ObjectLiteral>, alias: string): string {
  return dataSource
    .getMetadata(entity)
    .columns.map((c) => `${alias}."${c.databaseName}" as "${alias}_${c.databaseName}"`)
    .join(', ');
}

/**
 * The entity in a raw row selected with `aliasedColumns`, converted as TypeORM converts its own
 * reads (column transformers, dates), or undefined when a left join found none.
 */
export function hydrated<T extends ObjectLiteral>(dataSource: DataSource, entity: EntityTarget<T>, row: Record<string, unknown>, alias: string): T | undefined {
  const metadata = dataSource.getMetadata(entity);
  const primary = metadata.primaryColumns[0];
  if (row[`${alias}_${primary.databaseName}`] == null) return undefined;
  const result = metadata.create() as T;
  for (const column of metadata.columns) {
    column.setEntityValue(result, dataSource.driver.prepareHydratedValue(row[`${alias}_${column.databaseName}`], column));
  }
  return result;
}
