// `edgewire takedown <id...>`: takes articles down (DELETE /api/articles/{id}, the `takedown`
// scope): they leave every feed and listing and their pages answer 410. `--dry-run` asks the service
// what would happen (`?dry_run=true`) and changes nothing.
import { articlesUrl, refusal, request } from "../lib/client.ts";
import { resolveTarget, UsageError } from "../lib/target.ts";
import { type Command, count, print, printJson } from "./command.ts";

const ID = /^[a-z0-9][a-z0-9-]{0,99}$/;

interface Outcome {
  id: string;
  status: "taken-down" | "failed";
  error?: string;
  httpStatus?: number;
}

export const takedown: Command = {
  name: "takedown",
  summary: "take articles down by id (they leave every feed; their pages answer 410)",
  help: `Usage: edgewire takedown [options] <id...>

Takes each article down: it leaves every feed and listing, and its page answers 410. The token
needs the "takedown" scope. Ids are the ones publish reports, such as harbour-bridge-reopens.

Options:
  --reason TEXT      why, one line of plain text: the 410 page, the Atom tombstone and the
                     changes feed carry it for 30 days
  --dry-run          ask the service what would happen (?dry_run=true); nothing changes

Exit code: 0 when every id was taken down (or would be); 1 otherwise; 2 for a usage error.`,
  options: { "dry-run": { type: "boolean", default: false }, reason: { type: "string" } },
  async run(values, positionals) {
    if (positionals.length === 0) throw new UsageError("no id given: name the articles to take down by id");
    const bad = positionals.filter((id) => !ID.test(id));
    if (bad.length > 0)
      throw new UsageError(
        `not an article id: ${bad.map((b) => `"${b}"`).join(", ")} (ids are lower-case letters, digits and dashes, as publish reports them)`,
      );
    const dryRun = values["dry-run"] === true;
    const target = resolveTarget({
      ...(typeof values.url === "string" ? { url: values.url } : {}),
      ...(typeof values.token === "string" ? { token: values.token } : {}),
    });
    const connection = { ...target, retries: count(values, "retries", 4, 0, 20) };
    const outcomes: Outcome[] = [];
    let stopped: string | undefined;
    for (const id of positionals) {
      if (stopped) {
        outcomes.push({ id, status: "failed", error: `not sent: ${stopped}` });
        continue;
      }
      const url = articlesUrl(target.url, id, dryRun);
      if (typeof values.reason === "string" && values.reason.trim())
        url.searchParams.set("reason", values.reason.trim());
      const a = await request(connection, "DELETE", url);
      const outcome: Outcome =
        "unreachable" in a
          ? { id, status: "failed", error: a.unreachable }
          : a.status === 204
            ? { id, status: "taken-down" }
            : { id, status: "failed", error: refusal(a, connection), httpStatus: a.status };
      outcomes.push(outcome);
      // Later ids would fail the same way (service unreachable, bad token).
      if ("unreachable" in a || a.status === 401) stopped = outcome.error;
    }
    if (values.json !== true)
      for (const o of outcomes) {
        const word = dryRun && o.status === "taken-down" ? "would go" : o.status;
        print(`${word.padEnd(10)} ${o.id}${o.error ? `  ${o.error}` : ""}`);
      }
    const failed = positionals.length - outcomes.filter((o) => o.status === "taken-down").length;
    const summary = { ids: positionals.length, takenDown: positionals.length - failed, failed, dryRun };
    const next =
      failed > 0
        ? "Next: fix what each failed line names and run again; a repeated takedown is safe."
        : dryRun
          ? "Next: run the same command without --dry-run to take them down."
          : undefined;
    if (values.json === true)
      printJson({
        command: "takedown",
        service: target.url,
        results: outcomes,
        summary,
        ...(next ? { next } : {}),
      });
    else {
      print(
        `${positionals.length} id${positionals.length === 1 ? "" : "s"}: ${summary.takenDown} ${dryRun ? "would be taken down" : "taken down"}, ${failed} failed${dryRun ? " (dry run: nothing changed)" : ""}`,
      );
      if (next) print(next);
    }
    return failed === 0 ? 0 : 1;
  },
};
