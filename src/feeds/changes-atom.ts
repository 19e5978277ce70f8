// The changes feed as Atom 1.0 (`/changes.atom`): one entry per create, update or withdrawal, newest
// first, for readers and hubs that want to hear of every change (an entry per event, so a correction
// of an old story is news here even though the story's own feeds keep it in its place).
import { type ChangeEvent, type ChangeKind, idOf, shownSide } from "../articles/change-event.ts";
import { absolute, paths } from "../urls.ts";
import { atomHead, link } from "./atom.ts";
import { entryId, type FeedChannel, uri } from "./model.ts";
import { element, escapeAttr, escapeRssText, rfc3339 } from "./xml.ts";

/** An event as one stream sees it (`kind`: a filtered stream may see an update as a withdrawal). */
export interface StreamEntry {
  event: ChangeEvent;
  kind: ChangeKind;
}

const VERB: Record<ChangeKind, string> = {
  create: "Published",
  update: "Updated",
  withdraw: "Withdrawn",
  // Partners' streams only: this feed is the public's, which keeps an expired article.
  expire: "Expired",
};

export function renderChangesAtom(entries: readonly StreamEntry[], channel: FeedChannel): string {
  const out = atomHead(channel);
  for (const e of entries) entry(e, channel, out);
  out.push("</feed>\n");
  return out.join("");
}

function entry({ event: e, kind }: StreamEntry, channel: FeedChannel, out: string[]): void {
  const side = shownSide(e, kind);
  const headline = side?.headline ?? e.id;
  const article = entryId(idOf(e), channel);
  const summary = [
    `${VERB[kind]}, version ${e.version}: ${article}`,
    kind === "withdraw" && e.reason ? `Reason: ${e.reason}` : "",
  ].filter(Boolean);
  out.push(
    "<entry>\n",
    // One id per event, stable: the article, its version and what happened to it.
    element("id", `tag:${channel.idAuthority},2026:change/${e.id}/${e.version}/${kind}`),
    element("title", `${VERB[kind]}: ${headline}`, escapeRssText),
    `<updated>${rfc3339(new Date(e.at).toISOString())}</updated>\n`,
    side
      ? `<category term="${escapeAttr(side.category)}" scheme="${escapeAttr(uri(absolute(channel.siteUrl, paths.categories())))}"/>\n`
      : "",
    `<summary type="text">${escapeRssText(summary.join("\n"))}</summary>\n`,
    link("alternate", absolute(channel.siteUrl, paths.article(e.id)), "text/html"),
    link("related", absolute(channel.siteUrl, paths.apiArticle(e.id)), "application/json"),
    "</entry>\n",
  );
}
