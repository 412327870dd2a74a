// GitHub's list paging: per_page and page query parameters, and a Link header that octokit.paginate follows.

/** One page of a list, with GitHub's Link header when there are more. */
export function paginate<T>(items: T[], url: URL, perPageDefault: number, perPageMax: number) {
  const query = url.searchParams;
  const perPage = Math.min(
    Math.max(Number(query.get('per_page') ?? perPageDefault) || perPageDefault, 1),
    perPageMax,
  );
  const current = Math.max(Number(query.get('page') ?? 1) || 1, 1);
  const last = Math.max(Math.ceil(items.length / perPage), 1);
  const pageUrl = (page: number): string => {
    const next = new URL(url);
    next.searchParams.set('per_page', String(perPage));
    next.searchParams.set('page', String(page));
    return `<${next.href}>`;
  };
  const links: string[] = [];
  if (current < last) links.push(`${pageUrl(current + 1)}; rel="next"`, `${pageUrl(last)}; rel="last"`);
  if (current > 1) links.push(`${pageUrl(1)}; rel="first"`, `${pageUrl(current - 1)}; rel="prev"`);
  const headers: Record<string, string> = links.length > 0 ? { link: links.join(', ') } : {};
  return { page: items.slice((current - 1) * perPage, current * perPage), headers };
}
