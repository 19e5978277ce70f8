// OPML 2.0 (http://opml.org/spec2.opml) list of every feed in one format: the all-articles feed
// followed by every category's, each outline titled as its feed. One format per document, because a
// reader importing a list subscribes to every outline in it: three formats would deliver each story
// three times (and twice more through the category feeds). `?format=` chooses the format.
import { uri } from "./model.ts";
import { element, escapeAttr, rfc822 } from "./xml.ts";

/** One feed: the all-articles feed or one category's, in the document's format. */
export interface OpmlSource {
  /** The feed's own title: "Edgewire" or "Edgewire: World News". */
  title: string;
  /** The HTML page the feed mirrors. */
  htmlUrl: string;
  xmlUrl: string;
  description?: string;
  language?: string;
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

/** The formats a list is offered in, by the name `?format=` takes. */
export const OPML_FORMATS = {
  rss: { ext: "xml", version: "RSS" },
  atom: { ext: "atom", version: undefined },
  json: { ext: "json", version: undefined },
} as const;
export type OpmlFormat = keyof typeof OPML_FORMATS;

// OPML has no Atom or JSON types: every subscription is type="rss" with the real xmlUrl (what
// readers expect); `version` is only defined for RSS ("RSS" covers 0.91 to 2.0, spec § type="rss").
export function renderOpml(
  sources: readonly OpmlSource[],
  head: OpmlHead,
  format: OpmlFormat = "rss",
): string {
  const { version } = OPML_FORMATS[format];
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0">\n<head>\n',
    element("title", head.title),
    head.dateCreated ? `<dateCreated>${rfc822(head.dateCreated)}</dateCreated>\n` : "",
    head.dateModified ? `<dateModified>${rfc822(head.dateModified)}</dateModified>\n` : "",
    element("ownerName", head.ownerName),
    element("ownerId", head.ownerId && uri(head.ownerId)),
    // No <docs>: optional in OPML 2.0, and the W3C validator, which knows OPML 1.0, refuses it.
    "</head>\n<body>\n",
  ];
  for (const s of sources) {
    out.push(
      `<outline type="rss" text="${escapeAttr(s.title)}" title="${escapeAttr(s.title)}"`,
      attr("description", s.description),
      attr("language", s.language),
      attr("version", version),
      ` xmlUrl="${escapeAttr(uri(s.xmlUrl))}" htmlUrl="${escapeAttr(uri(s.htmlUrl))}"/>\n`,
    );
  }
  out.push("</body>\n</opml>\n");
  return out.join("");
}

function attr(name: string, value: string | undefined): string {
  return value ? ` ${name}="${escapeAttr(value)}"` : "";
}
