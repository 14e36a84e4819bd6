/** The time window a page reads from its address: the parameter and the values it understands. */
export type WindowParam = { param: string; values: readonly string[] };

/**
 * The address of an area that carries over the window the current page shows, when the area
 * understands that window ("?window=6h" on Services becomes "?range=6h" on Traces); else the plain address.
 */
export function keepWindow(
  href: string,
  current: WindowParam | undefined,
  search: URLSearchParams,
  target: WindowParam | undefined,
): string {
  const value = current && search.get(current.param);
  if (!value || !target || !current.values.includes(value) || !target.values.includes(value)) return href;
  return `${href}?${new URLSearchParams({ [target.param]: value })}`;
}
