// The API reference page: the OpenAPI description (src/openapi/document.ts) rendered as HTML by the
// Worker itself, with no script and no request anywhere else. Every operation with its parameters,
// request body fields (type, limits, description), responses and headers, then the response schemas.
import type { JsonSchema } from "../openapi/json-schema.ts";
import { Layout } from "./layout.tsx";
import {
  type Doc,
  fieldsOf,
  limitsOf,
  type Obj,
  type Operation,
  operationsOf,
  refName,
  resolve,
  typeOf,
} from "./reference-schema.ts";

/** Descriptions use `code` spans; everything else is text, escaped by JSX. */
export function Md(p: { text: unknown }) {
  if (typeof p.text !== "string") return null;
  return <>{p.text.split("`").map((part, i) => (i % 2 === 1 ? <code>{part}</code> : part))}</>;
}

function Fields(p: { doc: Doc; schema: JsonSchema; caption: string }) {
  const rows = fieldsOf(p.doc, p.schema);
  return (
    <div class="table">
      <table>
        <caption class="meta">{p.caption}</caption>
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Type</th>
            <th scope="col">Rules and meaning</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const limits = limitsOf(r.schema);
            return (
              <tr>
                <th scope="row">
                  <code>{r.path}</code>
                  {r.required ? <span class="meta"> (required)</span> : null}
                </th>
                <td>{typeOf(r.schema)}</td>
                <td>
                  <Md text={r.schema.description} />
                  {limits.length > 0 ? <span class="meta"> {limits.join("; ")}.</span> : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function OperationView(p: { doc: Doc; o: Operation }) {
  const { doc, o } = p;
  const params = [...o.shared, ...((o.op.parameters as unknown[]) ?? [])].map((x) => resolve(doc, x));
  const body = o.op.requestBody as Obj | undefined;
  const bodySchema = (body?.content as Obj | undefined)?.["application/json"] as Obj | undefined;
  const responses = Object.entries(o.op.responses as Obj);
  return (
    <section class="op" id={String(o.op.operationId)} aria-labelledby={`${o.op.operationId}-h`}>
      <h3 id={`${o.op.operationId}-h`}>
        <span class="method">{o.method.toUpperCase()}</span> <code>{o.path}</code>
      </h3>
      <p>
        <strong>
          <Md text={o.op.summary} />.
        </strong>{" "}
        <Md text={o.op.description} />
        {o.op.security ? " Needs Authorization: Bearer <token>." : ""}
      </p>
      {params.length > 0 ? (
        <div class="table">
          <table>
            <caption class="meta">Parameters</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">In</th>
                <th scope="col">Type</th>
                <th scope="col">Meaning</th>
              </tr>
            </thead>
            <tbody>
              {params.map((x) => {
                const schema = (x.schema as JsonSchema) ?? {};
                const limits = limitsOf(schema);
                return (
                  <tr>
                    <th scope="row">
                      <code>{String(x.name)}</code>
                    </th>
                    <td>{String(x.in)}</td>
                    <td>{typeOf(schema)}</td>
                    <td>
                      <Md text={x.description} />
                      {limits.length > 0 ? <span class="meta"> {limits.join("; ")}.</span> : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      {body && bodySchema ? (
        <>
          <p>
            Body (<code>application/json</code>): <Md text={body.description} />
          </p>
          {refName(bodySchema.schema) === "ArticleInput" ? (
            <p>
              Fields: see <a href="#schema-ArticleInput">ArticleInput</a>.
            </p>
          ) : (
            <p>
              <Md text={resolve(doc, bodySchema.schema).description} /> Each item:{" "}
              <a href="#schema-ArticleInput">ArticleInput</a>.
            </p>
          )}
        </>
      ) : null}
      <div class="table">
        <table>
          <caption class="meta">Responses</caption>
          <thead>
            <tr>
              <th scope="col">Status</th>
              <th scope="col">Meaning</th>
              <th scope="col">Content</th>
            </tr>
          </thead>
          <tbody>
            {responses.map(([status, raw]) => {
              const r = resolve(doc, raw);
              const content = Object.entries((r.content as Obj | undefined) ?? {});
              const headers = Object.keys((r.headers as Obj | undefined) ?? {});
              return (
                <tr>
                  <th scope="row">{status}</th>
                  <td>
                    <Md text={r.description} />
                    {headers.length > 0 ? <span class="meta"> Headers: {headers.join(", ")}.</span> : null}
                  </td>
                  <td>
                    {content.map(([type, c], i) => {
                      const name = refName((c as Obj).schema);
                      return (
                        <>
                          {i > 0 ? ", " : ""}
                          <code>{type}</code>
                          {name ? (
                            <>
                              {" "}
                              <a href={`#schema-${name}`}>{name}</a>
                            </>
                          ) : null}
                        </>
                      );
                    })}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

const SCHEMAS = [
  "ArticleInput",
  "Article",
  "ArticleList",
  "BatchResponse",
  "BatchResult",
  "Problem",
] as const;

export function ReferencePage(p: {
  doc: Doc;
  site: { title: string; description: string; url: string; language: string };
}) {
  const { doc, site } = p;
  const ops = operationsOf(doc);
  const tags = (doc.tags as { name: string; description: string }[]) ?? [];
  const schemas = doc.components.schemas as Record<string, JsonSchema>;
  return (
    <Layout
      title="API reference"
      site={site}
      lang={site.language}
      description="The Edgewire API: every route, parameter, body and response."
      canonical={`${site.url}/docs`}
      nav={[
        { label: "Latest", href: `${site.url}/` },
        { label: "API reference", href: `${site.url}/docs`, current: true },
      ]}
    >
      <h1>API reference</h1>
      <p class="intro">
        <Md text={doc.info.description} /> Base URL: <code>{site.url}</code>. The same description as{" "}
        <a href={`${site.url}/openapi.json`}>OpenAPI 3.1 JSON</a>.
      </p>
      <nav aria-label="Operations">
        {tags.map((t) => (
          <>
            <h2 id={t.name.toLowerCase()}>{t.name}</h2>
            <p class="meta">
              <Md text={t.description} />
            </p>
            <ul>
              {ops
                .filter((o) => (o.op.tags as string[])[0] === t.name)
                .map((o) => (
                  <li>
                    <a href={`#${o.op.operationId}`}>
                      {o.method.toUpperCase()} {o.path}
                    </a>
                    : <Md text={o.op.summary} />
                  </li>
                ))}
            </ul>
          </>
        ))}
      </nav>
      <h2>Operations</h2>
      {ops.map((o) => (
        <OperationView doc={doc} o={o} />
      ))}
      <h2>Schemas</h2>
      {SCHEMAS.filter((name) => schemas[name]).map((name) => {
        const s = schemas[name] as JsonSchema;
        return (
          <section class="op" id={`schema-${name}`} aria-labelledby={`schema-${name}-h`}>
            <h3 id={`schema-${name}-h`}>{name}</h3>
            <p>
              <Md text={s.description} />
            </p>
            <Fields doc={doc} schema={s} caption={`${name} fields`} />
          </section>
        );
      })}
    </Layout>
  );
}
