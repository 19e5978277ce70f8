// Edgewire: the Worker. A table of contents: global middleware, one router per resource, one error
// policy (problem+json everywhere), and the Durable Object class that serialises article writes.
import { Hono } from "hono";
import { cors } from "hono/cors";
import { requestId } from "hono/request-id";
import type { AppEnv } from "./env.ts";
import { ProblemError, problemResponse } from "./http/problem.ts";
import { articlesApi } from "./routes/articles.ts";
import { feeds } from "./routes/feeds.ts";
import { openapi } from "./routes/openapi.ts";
import { pages } from "./routes/pages.tsx";

export { ArticleWriter } from "./store/writer.ts";

const app = new Hono<AppEnv>({ strict: false });

app.use(requestId());
// Public reads may be pulled from any partner's browser; writes are for server-side scripts.
app.use(
  cors({
    origin: "*",
    allowMethods: ["GET", "HEAD"],
    exposeHeaders: ["ETag", "Last-Modified", "Link", "Location"],
  }),
);

app.route("/api/articles", articlesApi);
app.route("/", feeds);
app.route("/", pages);
app.route("/", openapi);

app.notFound((c) =>
  problemResponse({ status: 404, detail: `Nothing is served at ${new URL(c.req.url).pathname}.` }),
);

app.onError((err, c) => {
  if (err instanceof ProblemError) return problemResponse(err.problem);
  // hono middleware (bearer-auth, body-limit) throws HTTPExceptions that carry a finished response.
  if ("getResponse" in err && typeof err.getResponse === "function") return err.getResponse() as Response;
  console.error(JSON.stringify({ requestId: c.get("requestId"), error: err.message, stack: err.stack }));
  return problemResponse({
    status: 500,
    detail: `Something went wrong on our side (request ${c.get("requestId")}).`,
  });
});

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;

export { app };
