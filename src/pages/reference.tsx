// The API reference page: the OpenAPI description the routes generate (src/routes/openapi.ts) rendered
// as HTML by the Worker itself, with no script and no request anywhere else. Every operation with its
// parameters, request body, responses and headers, then every schema with its fields.
import { Layout } from "./layout.tsx";
import {
  fieldsOf,
  inline,
  limitsOf,
  type OpenApiDocument,
  type Operation,
  operationsOf,
  type ResponseObject,
  refName,
  resolve,
  type Schema,
  typeOf,
} from "./reference-schema.ts";

export type { OpenApiDocument } from "./reference-schema.ts";
/** Descriptions use `code` spans; everything else is text, escaped by JSX. */
export function Md(p: { text: unknown }) {
  if (typeof p.text !== "string") return null;
  return <>{p.text.split("`").map((part, i) => (i % 2 === 1 ? <code>{part}</code> : part))}</>;
}

function Fields(p: { doc: OpenApiDocument; schema: Schema; caption: string }) {
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
                  <Md text={resolve(p.doc, r.schema).description} />
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

/**
 * Who may call the operation, from its security requirements: an empty one means it is public, and
 * the others are the credentials it also takes (newsroom token, partner key, URL token).
 */
function access(doc: OpenApiDocument, security: Operation["op"]["security"]): string {
  if (!security) return "";
  const schemes = doc.components?.securitySchemes ?? {};
  const ways = security.flatMap(Object.keys).map((name) => {
    const s = schemes[name];
    const how = s && "type" in s && s.type === "apiKey" ? `?${s.name}=` : "Authorization: Bearer";
    return `\`${how}\` (${name})`;
  });
  const open = security.some((r) => Object.keys(r).length === 0);
  return open ? ` Public; also takes ${ways.join(", ")}.` : ` Needs ${ways.join(" or ")}.`;
}

function OperationView(p: { doc: OpenApiDocument; o: Operation }) {
  const { doc, o } = p;
  const params = (o.op.parameters ?? []).flatMap((x) => inline(x) ?? []);
  const body = inline(o.op.requestBody);
  const bodySchema = body?.content["application/json"]?.schema;
  const bodyName = refName(bodySchema);
  const responses = Object.entries(o.op.responses ?? {});
  const id = o.op.operationId ?? `${o.method}-${o.path}`;
  return (
    <section class="op" id={id} aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>
        <span class="method">{o.method.toUpperCase()}</span> <code>{o.path}</code>
      </h3>
      <p>
        <strong>
          <Md text={o.op.summary} />.
        </strong>{" "}
        <Md text={o.op.description} />
        <Md text={access(doc, o.op.security)} />
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
                const schema = x.schema ?? {};
                const limits = limitsOf(schema);
                return (
                  <tr>
                    <th scope="row">
                      <code>{x.name}</code>
                    </th>
                    <td>{x.in}</td>
                    <td>{typeOf(schema)}</td>
                    <td>
                      <Md text={x.description ?? resolve(doc, schema).description} />
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
        <p>
          Body (<code>application/json</code>): <Md text={body.description} />{" "}
          {bodyName ? (
            <>
              Schema: <a href={`#schema-${bodyName}`}>{bodyName}</a>.
            </>
          ) : null}
        </p>
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
              const r = inline<ResponseObject>(raw);
              const content = Object.entries(r?.content ?? {});
              const headers = Object.keys(r?.headers ?? {});
              return (
                <tr>
                  <th scope="row">{status}</th>
                  <td>
                    <Md text={r?.description} />
                    {headers.length > 0 ? <span class="meta"> Headers: {headers.join(", ")}.</span> : null}
                  </td>
                  <td>
                    {content.map(([type, c], i) => {
                      const name = refName(c.schema);
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

export function ReferencePage(p: {
  doc: OpenApiDocument;
  site: { title: string; description: string; url: string; language: string };
}) {
  const { doc, site } = p;
  const ops = operationsOf(doc);
  const tags = doc.tags ?? [];
  const schemas = Object.entries(doc.components?.schemas ?? {}).map(
    ([name, s]) => [name, resolve(doc, s)] as const,
  );
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
                .filter((o) => o.op.tags?.[0] === t.name)
                .map((o) => (
                  <li>
                    <a href={`#${o.op.operationId ?? `${o.method}-${o.path}`}`}>
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
      {schemas.map(([name, s]) => (
        <section class="op" id={`schema-${name}`} aria-labelledby={`schema-${name}-h`}>
          <h3 id={`schema-${name}-h`}>{name}</h3>
          <p>
            <Md text={s.description} />
            {s.type === "array" && s.items ? <> Each item: {typeOf(s.items)}.</> : null}
          </p>
          {s.properties ? <Fields doc={doc} schema={s} caption={`${name} fields`} /> : null}
        </section>
      ))}
    </Layout>
  );
}
