// One article's page: headline, subheadline, byline, dates, image with its alt text, caption and credit, the body
// (already sanitised to the allowlist when it was stored), category and keyword links; its public
// corrections, newest first, above everything but the headline.
import { raw } from "hono/html";
import { type Article, revisedAfterPublication } from "../articles/article.ts";
import { type FeedLink, Layout, type NavItem } from "./layout.tsx";
import { Byline, categoryPath, keywordPath, Time } from "./parts.tsx";

export interface ArticlePageProps {
  site: { title: string; description: string; url: string; language: string };
  article: Article;
  feeds: FeedLink[];
  nav: NavItem[];
  canonical: string;
}

const hostOf = (url: string) => new URL(url).hostname.replace(/^www\./, "");

export function ArticlePage({ site, article: a, feeds, nav, canonical }: ArticlePageProps) {
  // Only a real change after publication is news to a reader (storing an older article is not).
  const updated = revisedAfterPublication(a);
  return (
    <Layout
      title={a.headline}
      site={site}
      lang={a.language}
      uiLang={site.language}
      description={a.subheadline ?? a.headline}
      canonical={canonical}
      feeds={feeds}
      nav={nav}
    >
      <article>
        <header>
          <p class="meta" lang={site.language}>
            <a href={categoryPath(site.url, a.categorySlug)}>{a.category}</a>
          </p>
          <h1>{a.headline}</h1>
          {a.subheadline ? <p class="dek">{a.subheadline}</p> : null}
          <p class="meta byline" lang={site.language}>
            {a.authors.length > 0 ? (
              <>
                <Byline authors={a.authors} />
                {" · "}
              </>
            ) : null}
            Published <Time iso={a.publishedAt} />
            {updated ? (
              <>
                {" · "}Updated <Time iso={a.updatedAt} />
              </>
            ) : null}
          </p>
        </header>
        {a.corrections && a.corrections.length > 0 ? (
          <aside class="corrections" aria-label="Corrections" lang={site.language}>
            {a.corrections.map((c) => (
              <p>
                <strong>
                  Correction, <Time iso={c.at} />:
                </strong>{" "}
                <span lang={a.language}>{c.note}</span>
              </p>
            ))}
          </aside>
        ) : null}
        {a.image ? (
          <figure>
            <img
              src={a.image.url}
              alt={a.image.alt ?? ""}
              width={a.image.width}
              height={a.image.height}
              decoding="async"
            />
            {a.image.caption || a.image.credit ? (
              <figcaption>
                {a.image.caption}
                {a.image.caption && a.image.credit ? " " : null}
                {a.image.credit ? <small>{a.image.credit}</small> : null}
              </figcaption>
            ) : null}
          </figure>
        ) : null}
        <div class="body">{raw(a.bodyHtml)}</div>
        <footer lang={site.language}>
          {a.keywords.length > 0 ? (
            <ul class="tags" aria-label="Keywords">
              {a.keywords.map((k) => (
                <li>
                  <a href={keywordPath(site.url, k)} lang={a.language}>
                    {k}
                  </a>
                </li>
              ))}
            </ul>
          ) : null}
          {a.url ? (
            <p class="meta">
              First published at <a href={a.url}>{hostOf(a.url)}</a>
            </p>
          ) : null}
        </footer>
      </article>
    </Layout>
  );
}
