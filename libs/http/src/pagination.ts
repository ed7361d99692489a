import { Type as ClassType } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/**
 * The one list contract of every service: `page` (from 1) and `pageSize` (default 50, at most 200) in,
 * `{ items, page, pageSize, total }` out, where `total` counts the matching rows on every page.
 * Each list has a stable order (a time, then the id), so paging through it yields every row once.
 */
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;
export const MAX_PAGE = 100_000;

export class PageQuery {
  @ApiPropertyOptional({ example: 1, default: 1, minimum: 1, maximum: MAX_PAGE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  page: number = 1;

  @ApiPropertyOptional({ example: DEFAULT_PAGE_SIZE, default: DEFAULT_PAGE_SIZE, minimum: 1, maximum: MAX_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE, { message: `pageSize must be at most ${MAX_PAGE_SIZE}; ask for the next page for more` })
  pageSize: number = DEFAULT_PAGE_SIZE;
}

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

/** Rows to skip for a page (the query's defaults apply when it was not validated, e.g. in-process calls). */
export function offsetOf(query: Partial<PageQuery>): { offset: number; limit: number; page: number; pageSize: number } {
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
  return { offset: (page - 1) * pageSize, limit: pageSize, page, pageSize };
}

/** The OpenAPI class of a page of `item`s, named `<Item>Page` (CaseView: CasePage) unless named. */
export function PageOf<T>(item: ClassType<T>, what = 'Matching records', name = `${item.name.replace(/View$/, '')}Page`): ClassType<Page<T>> {
  class PageOfItems implements Page<T> {
    @ApiProperty({ type: [item] }) items!: T[];
    @ApiProperty({ example: 1 }) page!: number;
    @ApiProperty({ example: DEFAULT_PAGE_SIZE }) pageSize!: number;
    @ApiProperty({ example: 1, description: `${what} on every page` }) total!: number;
  }
  Object.defineProperty(PageOfItems, 'name', { value: name });
  return PageOfItems;
}
