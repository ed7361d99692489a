/** The Design System's pagination component for a list split into pages, keeping the filters in each link. */
export function paginationFor(total: number, page: number, pageSize: number, path: string, filters: Record<string, string>) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const href = (n: number) => `${path}?${new URLSearchParams({ ...Object.fromEntries(Object.entries(filters).filter(([, v]) => v)), page: String(n) })}`;
  if (pages === 1) return undefined;
  const shown = [...new Set([1, page - 1, page, page + 1, pages])].filter((n) => n >= 1 && n <= pages).sort((a, b) => a - b);
  const items: ({ number: number; href: string; current: boolean } | { ellipsis: true })[] = [];
  shown.forEach((n, i) => {
    if (i > 0 && n - shown[i - 1] > 1) items.push({ ellipsis: true });
    items.push({ number: n, href: href(n), current: n === page });
  });
  return {
    previous: page > 1 ? { href: href(page - 1) } : undefined,
    next: page < pages ? { href: href(page + 1) } : undefined,
    items,
  };
}

/** A page number from a query string: a whole number from 1 up to the services' last page (100,000), else the first page. */
export function pageNumber(raw: unknown): number {
  const n = typeof raw === 'string' && /^\d{1,6}$/.test(raw) ? Number(raw) : 1;
  return Math.min(100_000, Math.max(1, n));
}

/** One page of a list a service returns whole, with the page number kept within the list. */
export function slicePage<T>(items: T[], rawPage: unknown, pageSize: number): { page: number; items: T[] } {
  const page = Math.min(pageNumber(rawPage), Math.max(1, Math.ceil(items.length / pageSize)));
  return { page, items: items.slice((page - 1) * pageSize, page * pageSize) };
}
