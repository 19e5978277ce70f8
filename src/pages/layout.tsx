// The page shell every HTML page shares: <head> with the one inline stylesheet and feed
// autodiscovery, a skip link, masthead with navigation, <main>, footer. Text is escaped by JSX.
import type { Child } from "hono/jsx";
import { STYLE } from "./style.ts";

/** A feed advertised in <head> (`<link rel="alternate">`) so that readers and browsers find it. */
export interface FeedLink {
  title: string;
  type: string;
  url: string;
}

export interface NavItem {
  label: string;
  href: string;
  current?: boolean;
}

export interface LayoutProps {
  /** The document title (without the site name). */
  title?: string;
  site: { title: string; description: string; url: string };
  /** Language of the document (an article's own language on its page). */
  lang: string;
  /** Language of the page's own labels, when it differs from `lang`. */
  uiLang?: string;
  description?: string;
  canonical?: string;
  feeds?: FeedLink[];
  nav?: NavItem[];
  /** Extra <head> links (rel="next", rel="license", ...). */
  links?: { rel: string; href: string }[];
  children?: Child;
}

export function Layout(p: LayoutProps) {
  const title = p.title ? `${p.title} · ${p.site.title}` : p.site.title;
  const ui = p.uiLang && p.uiLang !== p.lang ? p.uiLang : undefined;
  return (
    <html lang={p.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        <meta name="description" content={p.description ?? p.site.description} />
        <meta name="color-scheme" content="light dark" />
        {/* No favicon request (it would be a 404 in every browser's console). */}
        <link rel="icon" href="data:," />
        {p.canonical ? <link rel="canonical" href={p.canonical} /> : null}
        {(p.feeds ?? []).map((f) => (
          <link rel="alternate" type={f.type} title={f.title} href={f.url} />
        ))}
        <link
          rel="alternate"
          type="text/x-opml"
          title={`${p.site.title}: all feeds (OPML)`}
          href={`${p.site.url}/feeds.opml`}
        />
        {(p.links ?? []).map((l) => (
          <link rel={l.rel} href={l.href} />
        ))}
        <style>{STYLE}</style>
      </head>
      <body>
        <a class="skip" href="#content" lang={ui}>
          Skip to content
        </a>
        <header class="masthead" lang={ui}>
          <div class="wrap">
            <p class="brand">
              <a href={`${p.site.url}/`}>{p.site.title}</a>
            </p>
            <p class="tagline">{p.site.description}</p>
            {p.nav && p.nav.length > 0 ? (
              <nav aria-label="Sections">
                <ul>
                  {p.nav.map((n) => (
                    <li>
                      <a href={n.href} aria-current={n.current ? "page" : undefined}>
                        {n.label}
                      </a>
                    </li>
                  ))}
                </ul>
              </nav>
            ) : null}
          </div>
        </header>
        <main id="content" tabindex={-1}>
          <div class="wrap">{p.children}</div>
        </main>
        <footer lang={ui}>
          <div class="wrap">
            <p>
              {p.site.title} · <a href={`${p.site.url}/#feeds`}>Feeds</a> ·{" "}
              <a href={`${p.site.url}/feeds.opml`}>All feeds (OPML)</a> ·{" "}
              <a href={`${p.site.url}/docs`}>API reference</a> ·{" "}
              <a href={`${p.site.url}/openapi.json`}>OpenAPI</a>
            </p>
          </div>
        </footer>
      </body>
    </html>
  );
}
