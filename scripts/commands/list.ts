// `edgewire list --scheduled`: the embargoed articles, soonest first (GET /api/articles?
// status=scheduled, any newsroom token), following every next page: what will appear, and when.
import { articlesUrl, refusal, request } from "../lib/client.ts";
import { resolveTarget, UsageError } from "../lib/target.ts";
import { type Command, count, print, printJson } from "./command.ts";

interface Item {
  id: string;
  publishedAt: string;
  category: string;
  headline: string;
}

export const list: Command = {
  name: "list",
  summary: "list embargoed articles, soonest first (--scheduled)",
  help: `Usage: edgewire list --scheduled [options]

Lists the embargoed articles, soonest first: id, the time each becomes public, category and
headline. Any newsroom token may list them; nobody else sees them before their time.

Options:
  --scheduled        the embargoed articles (the only listing for now)`,
  options: { scheduled: { type: "boolean", default: false } },
  async run(values, positionals) {
    if (values.scheduled !== true || positionals.length > 0)
      throw new UsageError("say what to list: edgewire list --scheduled");
    const target = resolveTarget({
      ...(typeof values.url === "string" ? { url: values.url } : {}),
      ...(typeof values.token === "string" ? { token: values.token } : {}),
    });
    const connection = { ...target, retries: count(values, "retries", 4, 0, 20) };
    const items: Item[] = [];
    const url = articlesUrl(target.url);
    url.searchParams.set("status", "scheduled");
    url.searchParams.set("limit", "100");
    for (let next: URL | undefined = url; next; ) {
      const a = await request(connection, "GET", next);
      const error =
        "unreachable" in a ? a.unreachable : a.status !== 200 ? refusal(a, connection) : undefined;
      if (error !== undefined || "unreachable" in a) {
        if (values.json === true) printJson({ command: "list", status: "failed", error });
        else print(`failed     ${error}`);
        return 1;
      }
      items.push(...((a.payload?.items as Item[] | undefined) ?? []));
      const more = a.payload?.next_url;
      next = typeof more === "string" ? new URL(more) : undefined;
    }
    if (values.json === true) printJson({ command: "list", service: target.url, scheduled: items });
    else {
      for (const i of items) print(`${i.publishedAt}  ${i.id}  ${i.category}: ${i.headline}`);
      print(`${items.length} embargoed article${items.length === 1 ? "" : "s"}`);
    }
    return 0;
  },
};
