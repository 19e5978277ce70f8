// The OpenAPI 3.1 description of everything the Worker serves: the articles API (public reads and
// the newsroom's writes), the feeds, the HTML pages and this description. Schemas come from zod:
// request bodies from the schema the API validates with, responses from src/openapi/schemas.ts.
import { apiPaths } from "./api-paths.ts";
import { articleInputJsonSchema } from "./article-input.ts";
import { BATCH_MAX, HEADERS, PARAMETERS, problemResponses, schemaRef } from "./components.ts";
import { componentSchemas } from "./json-schema.ts";
import { RESPONSE_SCHEMAS } from "./schemas.ts";
import { webPaths } from "./web-paths.ts";

void RESPONSE_SCHEMAS; // registers the response schemas (with their ids) before they are converted

function buildDocument() {
  const schemas = componentSchemas();
  schemas.ArticleInput = articleInputJsonSchema();
  schemas.ArticleBatch = {
    type: "array",
    title: "Article batch",
    description: `1-${BATCH_MAX} articles; each is validated and stored on its own.`,
    minItems: 1,
    maxItems: BATCH_MAX,
    items: schemaRef("ArticleInput"),
  };

  return {
    openapi: "3.1.1",
    info: {
      title: "Edgewire",
      version: "1.0.0",
      summary: "Articles in, RSS 2.0, Atom 1.0 and JSON Feed 1.1 out.",
      description:
        "Newsroom scripts publish articles over an authenticated JSON API; readers and partner sites take them as feeds or JSON, whole or filtered by category or keyword. Errors are `application/problem+json` (RFC 9457).",
      license: { name: "Proprietary" },
    },
    jsonSchemaDialect: "https://spec.openapis.org/oas/3.1/dialect/base",
    tags: [
      { name: "Articles", description: "Public reads, CORS open." },
      { name: "Newsroom", description: "Writes, with `Authorization: Bearer <token>`." },
      {
        name: "Feeds",
        description: "RSS, Atom and JSON Feed, whole or per category, and the OPML list of them all.",
      },
      { name: "Pages", description: "HTML for people." },
      { name: "Description", description: "This description and its reference page." },
    ],
    paths: { ...apiPaths(), ...webPaths() },
    components: {
      schemas,
      parameters: PARAMETERS,
      headers: HEADERS,
      responses: problemResponses(),
      securitySchemes: {
        bearer: {
          type: "http",
          scheme: "bearer",
          description:
            "A token from the `PUBLISH_TOKENS` secret (`token` or `name:token`; the name is recorded as `publisher`).",
        },
      },
    },
  };
}

export type OpenApiDocument = ReturnType<typeof buildDocument> & { servers?: { url: string }[] };

let built: ReturnType<typeof buildDocument> | undefined;

/** The description for a site: built once per isolate, with this site's URL as the server. */
export function openApiDocument(siteUrl: string): OpenApiDocument {
  built ??= buildDocument();
  const { openapi, info, ...rest } = built;
  return { openapi, info, servers: [{ url: siteUrl }], ...rest };
}
