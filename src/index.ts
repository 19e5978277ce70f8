// Edgewire: the Worker. A table of contents: global middleware (request id, CORS, the site into the
// context), one router per resource, one error policy (problem+json everywhere), and the Durable
// Object that serialises article writes, given the distribution layer as its hooks.
import { OpenAPIHono } from "@hono/zod-openapi";
import { cors } from "hono/cors";
import { requestId } from "hono/request-id";
import { distributionHooks } from "./distribution/index.ts";
import type { AppEnv } from "./env.ts";
import { ProblemError, problemResponse, storageUnavailable } from "./http/problem.ts";
import { withSite } from "./http/site.ts";
import { logFailure } from "./log.ts";
import { partnerAccess } from "./partners/access.ts";
import { articlesApi } from "./routes/articles.ts";
import { changesApi } from "./routes/changes.ts";
import { icon } from "./routes/icon.ts";
import { newsroomApi } from "./routes/newsroom.ts";
import { description } from "./routes/openapi.ts";
import { pages } from "./routes/pages.tsx";
import { partnersApi } from "./routes/partners.ts";
import { representations } from "./routes/representations.ts";
import { robots } from "./routes/robots.ts";
import { statsApi } from "./routes/stats.ts";
import { takedownsApi } from "./routes/takedowns.ts";
import { StorageUnavailable } from "./store/index.ts";
import { ArticleWriterBase } from "./store/writer.ts";

export { CategoryRegistry } from "./store/categories.ts";
export { ChangeLog } from "./store/changelog.ts";
export { PartnerRegistry } from "./store/partners.ts";
export { UsageLedger } from "./store/usage.ts";

/** The writer, told about every change by the distribution layer (purge, rebuild, WebSub). */
export class ArticleWriter extends ArticleWriterBase {
  protected override readonly hooks = distributionHooks;
}

const app = new OpenAPIHono<AppEnv>({
  strict: false,
  // Routes describe their parameters without validating them (src/routes/describe.ts): a refusal
  // here would be a bug in a declaration, never the client's fault.
  defaultHook: (result) => {
    if (!result.success) throw new Error(`a described-only ${result.target} refused a request`);
  },
});

app.use(requestId());
// Public reads may be pulled from any partner's browser; writes are for server-side scripts.
app.use(
  cors({
    origin: "*",
    allowMethods: ["GET", "HEAD"],
    exposeHeaders: ["ETag", "Last-Modified", "Link", "Location"],
  }),
);
app.use(withSite());
app.use(partnerAccess());

app.route("/api/articles", articlesApi);
app.route("/api/articles", newsroomApi);
app.route("/api/articles", takedownsApi);
app.route("/api/partners", partnersApi);
app.route("/api/stats", statsApi);
app.route("/api/changes", changesApi);
app.route("/", representations);
app.route("/", pages);
app.route("/", robots);
app.route("/", icon);
app.route("/", description(app));

app.notFound((c) =>
  problemResponse({ status: 404, detail: `Nothing is served at ${new URL(c.req.url).pathname}.` }),
);

app.onError((err, c) => {
  if (err instanceof ProblemError) return problemResponse(err.problem);
  // hono middleware (bearer-auth, body-limit) throws HTTPExceptions that carry a finished response.
  if ("getResponse" in err && typeof err.getResponse === "function") return err.getResponse() as Response;
  const requestId = c.get("requestId");
  if (err instanceof StorageUnavailable) {
    logFailure("storage-unavailable", err, { requestId, path: new URL(c.req.url).pathname });
    return problemResponse(storageUnavailable(err.detail).problem);
  }
  logFailure("bug", err, { requestId, path: new URL(c.req.url).pathname });
  return problemResponse({ status: 500, detail: `Something went wrong on our side (request ${requestId}).` });
});

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;

export { app };
