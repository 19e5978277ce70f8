// `edgewire correct <id> --note TEXT`: adds a public correction to a published article. Reads the
// article as stored (with the token, so the partners' ednote comes too), sends it back unchanged
// with the note (PUT), and reports the version it made. Edit the body first with publish --update
// when the correction also changes the text, giving the note there ("correction" in the file).
import { knownFields } from "../../src/articles/schema.ts";
import { articlesUrl, refusal, request } from "../lib/client.ts";
import { resolveTarget, UsageError } from "../lib/target.ts";
import { type Command, count, print, printJson } from "./command.ts";

const ID = /^[a-z0-9][a-z0-9-]{0,99}$/;
/** What PUT takes of what GET answers: the article's own fields (the rest the server derives). */
const INPUT_FIELDS = knownFields("").filter((f) => f !== "id" && f !== "author" && f !== "correction");

export const correct: Command = {
  name: "correct",
  summary: "add a public correction note to a published article",
  help: `Usage: edgewire correct [options] <id> --note TEXT

Adds a public correction to the article (kept with its earlier ones, shown at the top of it in
every feed and on its page); its version and its date move. The text is unchanged.

Options:
  --note TEXT        the correction, one line of plain text (at most 600 characters)`,
  options: { note: { type: "string" } },
  async run(values, positionals) {
    const [id, ...rest] = positionals;
    if (!id || rest.length > 0 || !ID.test(id))
      throw new UsageError("name one article id: edgewire correct <id> --note TEXT");
    const note = typeof values.note === "string" ? values.note.trim() : "";
    if (!note)
      throw new UsageError(
        '--note is required: the public correction, such as --note "An earlier version misspelt the name."',
      );
    const target = resolveTarget({
      ...(typeof values.url === "string" ? { url: values.url } : {}),
      ...(typeof values.token === "string" ? { token: values.token } : {}),
    });
    const connection = { ...target, retries: count(values, "retries", 4, 0, 20) };
    const got = await request(connection, "GET", articlesUrl(target.url, id));
    if ("unreachable" in got) return fail(values, id, got.unreachable);
    if (got.status !== 200 || !got.payload) return fail(values, id, refusal(got, connection));
    const stored = got.payload;
    const input: Record<string, unknown> = { id, correction: note };
    for (const f of INPUT_FIELDS) if (stored[f] !== undefined) input[f] = stored[f];
    // The API fills `url` with the service's own page when the newsroom gave none: leave that out.
    if (typeof stored.url === "string" && stored.url.endsWith(`/articles/${id}`)) delete input.url;
    const put = await request(connection, "PUT", articlesUrl(target.url, id), JSON.stringify(input));
    if ("unreachable" in put) return fail(values, id, put.unreachable);
    if (put.status !== 200 || !put.payload) return fail(values, id, refusal(put, connection));
    const version = put.payload.version;
    const unchanged = put.headers.get("edgewire-result") === "unchanged";
    if (values.json === true)
      printJson({
        command: "correct",
        service: target.url,
        id,
        status: unchanged ? "unchanged" : "corrected",
        version,
      });
    else
      print(
        `${unchanged ? "unchanged" : "corrected"} ${id}  version ${String(version)}${unchanged ? " (that note is already its newest)" : ""}`,
      );
    return 0;
  },
};

function fail(values: Record<string, unknown>, id: string, error: string): number {
  if (values.json === true) printJson({ command: "correct", id, status: "failed", error });
  else print(`failed     ${id}  ${error}`);
  return 1;
}
