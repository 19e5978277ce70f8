// The pages that list articles: the front page (latest articles and every feed), one category's
// page, and the articles with one keyword. Each advertises its own feeds for autodiscovery.
import type { Article } from "../articles/article.ts";
import { type FeedLink, Layout, type NavItem } from "./layout.tsx";
import { FeedList, type FeedRow, Story } from "./parts.tsx";

export interface ListingProps {
  site: { title: string; description: string; url: string; language: string };
  /** <h1>; also the document title unless this is the front page. */
  heading: string;
  front?: boolean;
  intro?: string;
  articles: Article[];
  /** The feeds this list is offered as (autodiscovery); the first is the one browsers pick. */
  feeds: FeedLink[];
  /** The "Feeds" section: every feed with its subscribe links. */
  feedRows: FeedRow[];
  nav: NavItem[];
  canonical: string;
  nextHref?: string;
  showCategory?: boolean;
}

export function ListingPage(p: ListingProps) {
  return (
    <Layout
      {...(p.front ? {} : { title: p.heading })}
      site={p.site}
      lang={p.site.language}
      canonical={p.canonical}
      feeds={p.feeds}
      nav={p.nav}
      {...(p.nextHref ? { links: [{ rel: "next", href: p.nextHref }] } : {})}
    >
      <h1>{p.heading}</h1>
      {p.intro ? <p class="intro">{p.intro}</p> : null}
      {p.articles.length === 0 ? (
        <p>No articles have been published here yet.</p>
      ) : (
        <ol class="stories" aria-label="Articles, newest first">
          {p.articles.map((a) => (
            <Story
              article={a}
              siteUrl={p.site.url}
              siteLanguage={p.site.language}
              {...(p.showCategory === false ? { showCategory: false } : {})}
            />
          ))}
        </ol>
      )}
      {p.nextHref ? (
        <p class="more">
          <a href={p.nextHref} rel="next">
            Older articles
          </a>
        </p>
      ) : null}
      <section aria-labelledby="feeds">
        <h2 id="feeds">Feeds</h2>
        <p class="intro">
          Subscribe in any feed reader: paste a link into it, or let it find them from this page. Every feed
          takes <code>?keyword=</code>, <code>?q=</code> and <code>?limit=</code> filters (see the{" "}
          <a href={`${p.site.url}/docs#feeds`}>API reference</a>).
        </p>
        <FeedList rows={p.feedRows} />
        <p class="more">
          <a href={`${p.site.url}/feeds.opml`} type="text/x-opml">
            All feeds as OPML
          </a>{" "}
          (import them into a reader at once)
        </p>
      </section>
    </Layout>
  );
}
