// OPML 2.0 (http://opml.org/spec2.opml) list of every feed: one folder per format, and in each the
// all-articles feed followed by every category's feed. Grouping by format lets a reader that imports
// the file as folders keep the one format it wants and drop the other two folders whole.
import { uri } from "./model.ts";
import { element, escapeAttr, rfc822 } from "./xml.ts";

/** One feed offered in three formats: the all-articles feed or one category's. */
export interface OpmlSource {
  /** Display name: "Edgewire" or "World News". */
  title: string;
  /** The HTML page the feed mirrors. */
  htmlUrl: string;
  description?: string;
  language?: string;
  feeds: { rss: string; atom: string; json: string };
}

export interface OpmlHead {
  title: string;
  ownerName?: string;
  /** URL of the owner (OPML 2.0 ownerId), e.g. the site. */
  ownerId?: string;
  /** ISO dates; pass stored dates, never "now", so that equal lists give equal bytes. */
  dateCreated?: string;
  dateModified?: string;
}

// OPML has no Atom or JSON types: every subscription is type="rss" with the real xmlUrl (what
// readers expect); `version` is only defined for RSS ("RSS" covers 0.91 to 2.0, spec § type="rss").
const FORMATS = [
  { key: "rss", folder: "RSS 2.0", version: "RSS" },
  { key: "atom", folder: "Atom 1.0", version: undefined },
  { key: "json", folder: "JSON Feed 1.1", version: undefined },
] as const;

export function renderOpml(sources: readonly OpmlSource[], head: OpmlHead): string {
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0">\n<head>\n',
    element("title", head.title),
    head.dateCreated ? `<dateCreated>${rfc822(head.dateCreated)}</dateCreated>\n` : "",
    head.dateModified ? `<dateModified>${rfc822(head.dateModified)}</dateModified>\n` : "",
    element("ownerName", head.ownerName),
    element("ownerId", head.ownerId && uri(head.ownerId)),
    "<docs>http://opml.org/spec2.opml</docs>\n",
    "</head>\n<body>\n",
  ];
  for (const format of FORMATS) {
    out.push(`<outline text="${escapeAttr(format.folder)}">\n`);
    for (const s of sources) {
      out.push(
        `<outline type="rss" text="${escapeAttr(s.title)}" title="${escapeAttr(s.title)}"`,
        attr("description", s.description),
        attr("language", s.language),
        attr("version", format.version),
        ` xmlUrl="${escapeAttr(uri(s.feeds[format.key]))}" htmlUrl="${escapeAttr(uri(s.htmlUrl))}"/>\n`,
      );
    }
    out.push("</outline>\n");
  }
  out.push("</body>\n</opml>\n");
  return out.join("");
}

function attr(name: string, value: string | undefined): string {
  return value ? ` ${name}="${escapeAttr(value)}"` : "";
}
