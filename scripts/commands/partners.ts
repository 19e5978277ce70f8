// `edgewire partners add|list|set|rotate|revoke`: partner keys through /api/partners (an `admin`
// token). A new or rotated key is printed once, as the service shows it once; nothing stores it.
import { refusal, request } from "../lib/client.ts";
import { resolveTarget, UsageError } from "../lib/target.ts";
import { type Command, count, print, printJson, type Values } from "./command.ts";

type Partner = Record<string, unknown> & { id: string; name: string };

const ACTIONS = ["add", "list", "set", "rotate", "revoke"] as const;

/** The entitlement options, as the API's fields. */
function entitlements(values: Values): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (typeof values.categories === "string")
    out.categories =
      values.categories === "all"
        ? null
        : values.categories
            .split(",")
            .map((s) => s.trim())
            .filter(Boolean);
  if (typeof values.content === "string") {
    if (values.content !== "full" && values.content !== "excerpt")
      throw new UsageError(`--content must be full or excerpt (got "${values.content}")`);
    out.content = values.content;
  }
  if (values["embargo-preview"] === true) out.embargoPreview = true;
  if (values["no-embargo-preview"] === true) out.embargoPreview = false;
  if (typeof values.tier === "string") out.tier = values.tier;
  if (typeof values.expires === "string") out.expiresAt = values.expires === "never" ? null : values.expires;
  return out;
}

function line(p: Partner): string {
  const cats = Array.isArray(p.categories) ? (p.categories as string[]).join(",") : "all categories";
  const state = p.revokedAt ? `revoked ${String(p.revokedAt)}` : `key ${String(p.keyPrefix)}`;
  const extra = [
    p.embargoPreview ? "embargo preview" : "",
    p.expiresAt ? `until ${String(p.expiresAt)}` : "",
  ].filter(Boolean);
  return `${p.id}  ${p.name}  ${cats}  ${String(p.content)}  tier ${String(p.tier)}${extra.length ? `  ${extra.join(", ")}` : ""}  ${state}`;
}

export const partners: Command = {
  name: "partners",
  summary: "issue, list, change, rotate and revoke partner keys (admin token)",
  help: `Usage: edgewire partners add <name> [--categories a,b] [--content full|excerpt] [--embargo-preview] [--tier standard|plus] [--expires RFC3339]
       edgewire partners list
       edgewire partners set <id> [same options; --categories all, --expires never, --no-embargo-preview]
       edgewire partners rotate <id> [--what key|url-token|both]
       edgewire partners revoke <id>

Partner keys let partner sites read feeds, the listing and articles as their entitlements allow.
The token needs the "admin" scope. A key and URL token are printed once, when issued or rotated:
hand them to the partner; the service keeps only their hashes. Revocation and changes take effect
everywhere within 30 seconds.`,
  options: {
    categories: { type: "string" },
    content: { type: "string" },
    "embargo-preview": { type: "boolean" },
    "no-embargo-preview": { type: "boolean" },
    tier: { type: "string" },
    expires: { type: "string" },
    what: { type: "string" },
  },
  async run(values, positionals) {
    const [action, arg] = positionals as [string | undefined, string | undefined];
    if (!action || !(ACTIONS as readonly string[]).includes(action))
      throw new UsageError(`say what to do: edgewire partners ${ACTIONS.join("|")}`);
    const target = resolveTarget({
      ...(typeof values.url === "string" ? { url: values.url } : {}),
      ...(typeof values.token === "string" ? { token: values.token } : {}),
    });
    const connection = { ...target, retries: count(values, "retries", 4, 0, 20) };
    const url = (id?: string) =>
      new URL(
        id ? `api/partners/${encodeURIComponent(id)}` : "api/partners",
        `${target.url.replace(/\/$/, "")}/`,
      );
    const needId = () => {
      if (!arg)
        throw new UsageError(`partners ${action} needs the partner's id (edgewire partners list shows them)`);
      return arg;
    };
    let answer: Awaited<ReturnType<typeof request>>;
    if (action === "add") {
      if (!arg)
        throw new UsageError(
          'partners add needs the partner\'s name, e.g. edgewire partners add "Daily Planet"',
        );
      const body = { name: arg, content: "full", ...entitlements(values) };
      answer = await request(connection, "POST", url(), JSON.stringify(body));
    } else if (action === "list") answer = await request(connection, "GET", url());
    else if (action === "set")
      answer = await request(connection, "PATCH", url(needId()), JSON.stringify(entitlements(values)));
    else if (action === "rotate") {
      const what = values.what ?? "key";
      const rotate =
        what === "both"
          ? ["key", "urlToken"]
          : what === "url-token"
            ? ["urlToken"]
            : what === "key"
              ? ["key"]
              : undefined;
      if (!rotate) throw new UsageError(`--what must be key, url-token or both (got "${String(what)}")`);
      answer = await request(connection, "PATCH", url(needId()), JSON.stringify({ rotate }));
    } else answer = await request(connection, "DELETE", url(needId()));
    if ("unreachable" in answer) {
      print(answer.unreachable);
      return 1;
    }
    const ok = answer.status >= 200 && answer.status < 300;
    if (!ok) {
      const error = refusal(answer, connection);
      if (values.json === true) printJson({ command: "partners", action, error, httpStatus: answer.status });
      else print(error);
      return 1;
    }
    const payload = answer.payload as (Partner & { items?: Partner[] }) | undefined;
    if (values.json === true) {
      printJson({ command: "partners", action, service: target.url, ...(payload ?? { revoked: arg }) });
      return 0;
    }
    if (action === "list") for (const p of payload?.items ?? []) print(line(p));
    else if (action === "revoke") print(`revoked ${arg}: its key and URL token stop working within 30 s`);
    else if (payload) {
      print(line(payload));
      if (typeof payload.key === "string")
        print(`key:       ${payload.key}   (for servers: Authorization: Bearer <key>)`);
      if (typeof payload.urlToken === "string")
        print(`URL token: ${payload.urlToken}   (for readers: ?access_token=<token>)`);
      if (typeof payload.opml === "string") print(`OPML:      ${payload.opml}`);
      if (payload.key || payload.urlToken)
        print("Shown once: the service keeps only hashes. Hand them to the partner now.");
    }
    return 0;
  },
};
