// Small pieces the pages share: dates as <time datetime>, bylines, one story in a list, and the
// table of feeds with their subscribe links.
import type { Article } from "../articles/article.ts";
import { absolute, paths } from "../urls.ts";
import type { FeedLink } from "./layout.tsx";

// Dates read the same for everyone, in UTC (a newsroom's readers span time zones); the machine-
// readable instant is in `datetime`.
const DATE = new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeStyle: "short", timeZone: "UTC" });

export function Time(p: { iso: string }) {
  return <time datetime={p.iso}>{`${DATE.format(new Date(p.iso))} UTC`}</time>;
}

export const articlePath = (siteUrl: string, id: string) => absolute(siteUrl, paths.article(id));
export const categoryPath = (siteUrl: string, slug: string) => absolute(siteUrl, paths.category(slug));
export const keywordPath = (siteUrl: string, keyword: string) => `${siteUrl}${paths.keyword(keyword)}`;

export function Byline(p: { authors: Article["authors"] }) {
  if (p.authors.length === 0) return null;
  return (
    <>
      By{" "}
      {p.authors.map((a, i) => (
        <>
          {i > 0 ? (i === p.authors.length - 1 ? " and " : ", ") : ""}
          {a.url ? <a href={a.url}>{a.name}</a> : a.name}
        </>
      ))}
    </>
  );
}

/** One article in a list: headline linking to its page, subheadline, category, time, byline. */
export function Story(p: {
  article: Article;
  siteUrl: string;
  siteLanguage: string;
  showCategory?: boolean;
}) {
  const a = p.article;
  return (
    <li class="story" lang={a.language !== p.siteLanguage ? a.language : undefined}>
      <h2>
        <a href={articlePath(p.siteUrl, a.id)}>{a.headline}</a>
      </h2>
      {a.subheadline ? <p class="sub">{a.subheadline}</p> : null}
      <p class="meta" lang={p.siteLanguage}>
        {p.showCategory === false ? null : (
          <>
            <a href={categoryPath(p.siteUrl, a.categorySlug)}>{a.category}</a> ·{" "}
          </>
        )}
        <Time iso={a.publishedAt} />
        {a.authors.length > 0 ? (
          <>
            {" · "}
            <Byline authors={a.authors.map(({ name }) => ({ name }))} />
          </>
        ) : null}
      </p>
    </li>
  );
}

export interface FeedRow {
  name: string;
  /** The HTML page the feeds mirror. */
  href?: string;
  feeds: (FeedLink & { label: string })[];
}

/** Every feed with its subscribe links: one line per feed, one link per format. */
export function FeedList(p: { rows: FeedRow[] }) {
  return (
    <ul class="feedlist">
      {p.rows.map((r) => (
        <li>
          <span class="feedname">{r.href ? <a href={r.href}>{r.name}</a> : r.name}</span>{" "}
          {r.feeds.map((f, i) => (
            <>
              {i > 0 ? " · " : ""}
              <a href={f.url} type={f.type} aria-label={`${f.label} feed: ${r.name}`}>
                {f.label}
              </a>
            </>
          ))}
        </li>
      ))}
    </ul>
  );
}
