// Content coding for representations (RFC 9110 §8.4, §12.5.3): gzip for clients that accept it.
// Cloudflare compresses only the types on its list (RSS is on it; Atom, JSON Feed and OPML are not),
// so the Worker compresses itself, once per build, and sends the bytes as they are (`encodeBody:
// "manual"`). Each coding is its own representation: its own bytes, its own strong ETag.

/**
 * What the client itself accepts: Cloudflare (and wrangler dev) rewrite the Worker's
 * `Accept-Encoding` to what the edge accepts, and keep the client's in `request.cf.clientAcceptEncoding`
 * (developers.cloudflare.com, HTTP request headers § Accept-Encoding).
 */
export function clientAcceptEncoding(request: Request): string | null {
  const cf = (request as { cf?: { clientAcceptEncoding?: unknown } }).cf;
  return typeof cf?.clientAcceptEncoding === "string"
    ? cf.clientAcceptEncoding
    : request.headers.get("accept-encoding");
}

/** True when `Accept-Encoding` accepts gzip (or `*`) with a q-value above 0. */
export function acceptsGzip(header: string | null | undefined): boolean {
  if (!header) return false;
  let gzip: number | undefined;
  let any: number | undefined;
  for (const part of header.split(",")) {
    const [name = "", ...params] = part.trim().toLowerCase().split(";");
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    const q = qParam ? Number.parseFloat(qParam.slice(2)) : 1;
    const weight = Number.isFinite(q) ? q : 0;
    if (name.trim() === "gzip" || name.trim() === "x-gzip") gzip = weight;
    else if (name.trim() === "*") any = weight;
  }
  return (gzip ?? any ?? 0) > 0;
}

/** The gzip coding of `text` (UTF-8). */
export async function gzip(text: string): Promise<Uint8Array> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
