// IPTC ninjs 2.1 (News in JSON, https://www.iptc.org/std/ninjs/ninjs-schema_2.1.json), one article as
// one news object, mapped from the schema's own definitions: `uri` identifies the object (our item
// id), `versioncreated` is the last change readers see, `headlines`/`bodies`/`descriptions` carry
// roles, rights go in `copyrightnotice`, `usageterms` and `rightsinfo.linkedrights`, and the lead
// image is an association of type `picture` with its own `renditions`. ninjs 2.x has no `keywords`
// property (its objects allow no others): keywords are `subjects` with rel "keyword", as the category
// is one with rel "category". Pure; equal input gives equal bytes.
import { type Article, changedAt } from "../articles/article.ts";
import { type ChangeKind, type Facets, idOf, shownSide } from "../articles/change-event.ts";
import { htmlToText } from "../articles/html-text.ts";
import { summaryOf } from "../articles/summary.ts";
import { absolute, paths } from "../urls.ts";
import type { StreamEntry } from "./changes-atom.ts";
import { articleLink, entryId, uri } from "./model.ts";
import { cleanJsonText as clean } from "./xml.ts";

/** ninjs has no media type of its own: it is JSON. */
export const NINJS_TYPE = "application/json; charset=utf-8";
export const NINJS_STANDARD = {
  name: "ninjs",
  version: "2.1",
  schema: "http://www.iptc.org/std/ninjs/ninjs-schema_2.1.json#",
} as const;

export interface NinjsContext {
  siteUrl: string;
  idAuthority: string;
  /** The newsroom: the copyright holder of what carries the site's own notice. */
  siteTitle: string;
  /** The site-wide notice: an article whose notice differs names another holder, which we do not know. */
  siteCopyright?: string;
  /** The audience gets excerpts (the summary and a link), not the whole body. */
  partial: boolean;
  /** The audience may read the `ednote` (partners and the newsroom; never the public). */
  ednote?: boolean;
}

/** ninjs `pubstatus`: what a receiver may do with the object (usable by default). */
export type PubStatus = "usable" | "withheld" | "canceled";

const words = (text: string) => text.split(/\s+/u).filter(Boolean).length;

/**
 * One article as a news object. `pubstatus` is `withheld` while the article is under embargo (only
 * partners with embargo preview are sent it), `usable` once it is published.
 */
export function renderNinjs(
  a: Article,
  ctx: NinjsContext,
  pubstatus: PubStatus = a.embargoed ? "withheld" : "usable",
) {
  const body = htmlToText(a.bodyHtml);
  return {
    uri: uri(entryId(a, ctx)),
    standard: NINJS_STANDARD,
    type: "text",
    // Excerpt-only audiences get the summary and a link: not the whole story.
    representationtype: ctx.partial ? "partial" : "full",
    ...(a.version !== undefined ? { version: String(a.version) } : {}),
    firstcreated: a.firstPublishedAt ?? a.createdAt,
    versioncreated: changedAt(a),
    ...(a.embargoed ? { embargoed: a.embargoed } : {}),
    pubstatus,
    ...(a.copyright === undefined || a.copyright === ctx.siteCopyright
      ? { copyrightholder: clean(ctx.siteTitle) }
      : {}),
    ...(a.copyright ? { copyrightnotice: clean(a.copyright) } : {}),
    ...(a.usageTerms ? { usageterms: clean(a.usageTerms) } : {}),
    language: a.language,
    headlines: headlinesOf(a),
    descriptions: [{ role: "summary", contenttype: "text/plain", value: clean(summaryOf(a)) }],
    bodies: [
      {
        role: "main",
        contenttype: "text/html",
        charcount: [...body].length,
        wordcount: words(body),
        value: clean(a.bodyHtml),
      },
    ],
    subjects: subjectsOf(a, ctx),
    ...(a.authors.length > 0 ? { by: clean(a.authors.map((au) => au.name).join(", ")) } : {}),
    ...(a.expires ? { expires: a.expires } : {}),
    ...(a.license ? { rightsinfo: { linkedrights: uri(a.license) } } : {}),
    altids: [
      { role: "id", value: a.id },
      { role: "url", value: articleLink(a, { siteUrl: ctx.siteUrl }) },
      ...(a.canonicalUrl ? [{ role: "canonical", value: uri(a.canonicalUrl) }] : []),
    ],
    ...(a.image ? { associations: [picture(a.image)] } : {}),
    // For partners and the newsroom only, never in a public output.
    ...(a.ednote && ctx.ednote ? { ednote: clean(a.ednote) } : {}),
  };
}

/** The main headline and the subheadline, as plain text. */
const headlinesOf = (f: Pick<Facets, "headline" | "subheadline">) => [
  { role: "main", contenttype: "text/plain", value: clean(f.headline) },
  ...(f.subheadline ? [{ role: "sub", contenttype: "text/plain", value: clean(f.subheadline) }] : []),
];

/** The category (with its URI) and each keyword (ninjs 2.x has no `keywords`). */
const subjectsOf = (f: Pick<Facets, "category" | "categorySlug" | "keywords">, ctx: NinjsContext) => [
  {
    name: clean(f.category),
    rel: "category",
    uri: uri(absolute(ctx.siteUrl, paths.category(f.categorySlug))),
  },
  ...f.keywords.map((k) => ({ name: clean(k), rel: "keyword", literal: clean(k) })),
];

function picture(img: NonNullable<Article["image"]>) {
  return {
    name: "leadimage",
    uri: uri(img.url),
    type: "picture",
    ...(img.credit ? { by: clean(img.credit) } : {}),
    ...(img.caption || img.alt
      ? {
          descriptions: [
            ...(img.caption
              ? [{ role: "caption", contenttype: "text/plain", value: clean(img.caption) }]
              : []),
            ...(img.alt ? [{ role: "alt", contenttype: "text/plain", value: clean(img.alt) }] : []),
          ],
        }
      : {}),
    renditions: [
      {
        name: "original",
        href: uri(img.url),
        contenttype: img.mimeType,
        ...(img.width ? { width: img.width } : {}),
        ...(img.height ? { height: img.height } : {}),
        ...(img.length !== undefined ? { sizeinbytes: img.length } : {}),
      },
    ],
  };
}

export type Ninjs = ReturnType<typeof renderNinjs>;

/** ninjs `pubstatus` of a change as its stream saw it. */
const CHANGE_STATUS: Record<ChangeKind, PubStatus> = {
  create: "usable",
  update: "usable",
  withdraw: "canceled",
  // The partner's rights ended: it must take the story down (the public keeps it).
  expire: "canceled",
};

/**
 * One change of the changes feed as a news object: the version the change made, when, and what a
 * receiver may do with it (`pubstatus`), with what filters see of the article (headlines,
 * subjects) but not its body (`representationtype` "partial"): the whole object is at the `api`
 * address (an altid with role "api"), read when the receiver wants it. `embargoed` and `expires`
 * are the article's, as this reader is told them.
 */
export function renderNinjsChange(
  { event: e, kind }: StreamEntry,
  ctx: NinjsContext,
  extra: { api: string; embargoed?: string; expires?: string },
) {
  const side = shownSide(e, kind);
  const pubstatus: PubStatus =
    extra.embargoed && kind !== "withdraw" && kind !== "expire" ? "withheld" : CHANGE_STATUS[kind];
  return {
    uri: uri(entryId(idOf(e), ctx)),
    standard: NINJS_STANDARD,
    type: "text",
    representationtype: "partial",
    version: String(e.version),
    versioncreated: new Date(e.at).toISOString(),
    ...(extra.embargoed ? { embargoed: extra.embargoed } : {}),
    pubstatus,
    ...(side ? { headlines: headlinesOf(side), subjects: subjectsOf(side, ctx) } : {}),
    // A withdrawal's reason is public (the article's 410 page says it too).
    ...(kind === "withdraw" && e.reason
      ? { descriptions: [{ role: "reason", contenttype: "text/plain", value: clean(e.reason) }] }
      : {}),
    ...(extra.expires ? { expires: extra.expires } : {}),
    altids: [
      { role: "id", value: e.id },
      {
        role: "url",
        value: articleLink({ id: e.id, ...(side?.url ? { url: side.url } : {}) }, { siteUrl: ctx.siteUrl }),
      },
      { role: "api", value: uri(extra.api) },
    ],
  };
}
