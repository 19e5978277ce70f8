// IPTC ninjs 2.1 (News in JSON, https://www.iptc.org/std/ninjs/ninjs-schema_2.1.json), one article as
// one news object, mapped from the schema's own definitions: `uri` identifies the object (our item
// id), `versioncreated` is the last change readers see, `headlines`/`bodies`/`descriptions` carry
// roles, rights go in `copyrightnotice`, `usageterms` and `rightsinfo.linkedrights`, and the lead
// image is an association of type `picture` with its own `renditions`. ninjs 2.x has no `keywords`
// property (its objects allow no others): keywords are `subjects` with rel "keyword", as the category
// is one with rel "category". Pure; equal input gives equal bytes.
import { type Article, changedAt } from "../articles/article.ts";
import { htmlToText } from "../articles/html-text.ts";
import { summaryOf } from "../articles/summary.ts";
import { absolute, paths } from "../urls.ts";
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

export function renderNinjs(a: Article, ctx: NinjsContext, pubstatus: PubStatus = "usable") {
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
    headlines: [
      { role: "main", contenttype: "text/plain", value: clean(a.headline) },
      ...(a.subheadline ? [{ role: "sub", contenttype: "text/plain", value: clean(a.subheadline) }] : []),
    ],
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
    subjects: [
      {
        name: clean(a.category),
        rel: "category",
        uri: uri(absolute(ctx.siteUrl, paths.category(a.categorySlug))),
      },
      ...a.keywords.map((k) => ({ name: clean(k), rel: "keyword", literal: clean(k) })),
    ],
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
