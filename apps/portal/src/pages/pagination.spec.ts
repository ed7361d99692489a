import { paginationFor, slicePage } from './pagination';

describe('lists split into pages', () => {
  const items = Array.from({ length: 45 }, (_, i) => i + 1);

  it('shows the asked-for page, and the last page for a page past the end', () => {
    expect(slicePage(items, '2', 20)).toEqual({ page: 2, items: items.slice(20, 40) });
    expect(slicePage(items, '9', 20)).toEqual({ page: 3, items: [41, 42, 43, 44, 45] });
    expect(slicePage(items, 'x', 20).page).toBe(1);
    expect(slicePage([], '3', 20)).toEqual({ page: 1, items: [] });
  });

  it('keeps the filters in every page link and shows no pagination for one page', () => {
    const pagination = paginationFor(45, 2, 20, '/officer/awards', { status: 'active', programmeId: '' });
    expect(pagination?.previous?.href).toBe('/officer/awards?status=active&page=1');
    expect(pagination?.next?.href).toBe('/officer/awards?status=active&page=3');
    expect(paginationFor(20, 1, 20, '/officer/awards', {})).toBeUndefined();
  });
});
