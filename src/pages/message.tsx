// Pages that say why there is nothing to show: an unknown or embargoed article (404), one taken
// down (410), a link whose parameters are not valid (400).
import { Layout, type NavItem } from "./layout.tsx";

export interface MessageProps {
  site: { title: string; description: string; url: string; language: string };
  heading: string;
  text: string;
  details?: string[];
  nav: NavItem[];
}

export function MessagePage(p: MessageProps) {
  return (
    <Layout title={p.heading} site={p.site} lang={p.site.language} nav={p.nav}>
      <h1>{p.heading}</h1>
      <p>{p.text}</p>
      {p.details && p.details.length > 0 ? (
        <ul>
          {p.details.map((d) => (
            <li>{d}</li>
          ))}
        </ul>
      ) : null}
      <p>
        <a href={`${p.site.url}/`}>Go to the latest articles</a>
      </p>
    </Layout>
  );
}
