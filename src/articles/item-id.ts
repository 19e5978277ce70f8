// The item id every feed gives an article (RSS guid, Atom id, JSON Feed id): an RFC 4151 tag: URI
// from configured values only (the id authority, a host name the newsroom holds) and the article's
// first publication date, so that the same article imported into another deployment with the same
// configuration keeps its id, and no request's Host can change it.

/**
 * `tag:{authority},{first publication, YYYY-MM-DD in UTC}:article/{id}`. RFC 4151 §2.1 dates the
 * authority's ownership; the first publication is a date on which the newsroom published under it.
 */
export function mintItemId(authority: string, firstPublishedAt: string, id: string): string {
  return `tag:${authority},${new Date(firstPublishedAt).toISOString().slice(0, 10)}:article/${id}`;
}

/** A configured id authority: a DNS name (RFC 4151 §2.1 also allows an e-mail address). */
export const ID_AUTHORITY =
  /^(?:[A-Za-z0-9._%+-]+@)?(?=.{1,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
