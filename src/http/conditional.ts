/**
 * `If-None-Match` as RFC 9110 reads it: `*` matches any current representation; otherwise a
 * comma-separated list of entity tags, compared weakly (`W/"x"` matches `"x"`). An entity tag
 * may itself hold commas, so the list is read tag by tag rather than split on commas.
 */
export function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  if (header.trim() === "*") return true;
  const wanted = opaqueTag(etag);
  for (const match of header.matchAll(/(?:W\/)?"([^"]*)"/g)) {
    if (match[1] === wanted) return true;
  }
  return false;
}

/** The quoted part of an entity tag, without `W/` and the quotes. */
function opaqueTag(etag: string): string {
  return etag.replace(/^W\//, "").replace(/^"|"$/g, "");
}
