// `edgewire stats`: what GET /api/stats counts (an `admin` token): per partner key, requests, 304s
// and the last pull, feed by feed; per public feed, the subscribers readers' fetchers report; and
// counted events such as abandoned hub notifications.
import { refusal, request } from "../lib/client.ts";
import { resolveTarget } from "../lib/target.ts";
import { type Command, count, print, printJson } from "./command.ts";

interface Stats {
  since?: string;
  partners: {
    id: string;
    name: string;
    revoked: boolean;
    requests: number;
    notModified: number;
    lastPull?: string;
    feeds: Record<string, { requests: number; notModified: number; last: string }>;
  }[];
  subscribers: Record<string, { total: number; fetchers: Record<string, { count: number; at: string }> }>;
  events: Record<string, number>;
}

export const stats: Command = {
  name: "stats",
  summary: "partner pulls, public subscribers and abandoned work (admin token)",
  help: `Usage: edgewire stats [options]

Shows, per partner key, its requests, 304s and last pull, feed by feed (at most 50 feeds a key,
the rest as "other"); per public feed, the subscribers readers' fetchers (Feedly, Inoreader,
NewsBlur, ...) last reported, summed; and counted events. The token needs the "admin" scope. Counts
reach the service within about 30 seconds of the requests.`,
  options: {},
  async run(values) {
    const target = resolveTarget({
      ...(typeof values.url === "string" ? { url: values.url } : {}),
      ...(typeof values.token === "string" ? { token: values.token } : {}),
    });
    const connection = { ...target, retries: count(values, "retries", 4, 0, 20) };
    const answer = await request(
      connection,
      "GET",
      new URL("api/stats", `${target.url.replace(/\/$/, "")}/`),
    );
    if ("unreachable" in answer) {
      print(answer.unreachable);
      return 1;
    }
    if (answer.status !== 200) {
      print(refusal(answer, connection));
      return 1;
    }
    const s = answer.payload as unknown as Stats;
    if (values.json === true) {
      printJson({ command: "stats", service: target.url, ...s });
      return 0;
    }
    print(`Partners${s.since ? ` (counted since ${s.since})` : ""}:`);
    if (s.partners.length === 0) print("  none issued yet: edgewire partners add <name>");
    for (const p of s.partners) {
      print(
        `  ${p.name} (${p.id}${p.revoked ? ", revoked" : ""}): ${p.requests} requests, ${p.notModified} not modified, last ${p.lastPull ?? "never"}`,
      );
      for (const [feed, f] of Object.entries(p.feeds).sort(([, a], [, b]) => b.requests - a.requests))
        print(`    ${feed}  ${f.requests} requests, ${f.notModified} not modified, last ${f.last}`);
    }
    print("Subscribers reported by readers' fetchers:");
    const feeds = Object.entries(s.subscribers).sort(([, a], [, b]) => b.total - a.total);
    if (feeds.length === 0) print("  none reported yet");
    for (const [feed, f] of feeds)
      print(
        `  ${feed}  ${f.total} (${Object.entries(f.fetchers)
          .map(([name, n]) => `${name} ${n.count}`)
          .join(", ")})`,
      );
    const events = Object.entries(s.events);
    print(`Events: ${events.length === 0 ? "none" : events.map(([k, n]) => `${k} ${n}`).join(", ")}`);
    return 0;
  },
};
