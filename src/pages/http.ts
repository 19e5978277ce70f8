// HTTP for the HTML pages: secure headers with a CSP that allows nothing but the one inline
// stylesheet (by its hash) and article images over https; HTML responses with validators and short
// cache hints; and Accept negotiation for error pages.
import type { Context, MiddlewareHandler } from "hono";
import { accepts } from "hono/accepts";
import { secureHeaders } from "hono/secure-headers";
import { conditionalResponse } from "../http/conditional.ts";
import { STYLE } from "./style.ts";

export const HTML_TYPE = "text/html; charset=utf-8";
/** Pages change with every publish: browsers and shared caches may keep them a minute. */
export const PAGE_MAX_AGE = 60;

async function sha256Base64(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  let bin = "";
  for (const b of digest) bin += String.fromCharCode(b);
  return btoa(bin);
}

// CSP Level 3 hash-source: the inline <style> runs only while its bytes match; style attributes and
// any other inline style (say, smuggled in an article body) are refused. Computed once per isolate.
let styleHash: Promise<string> | undefined;
let styleSource = "'none'";

const secure = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'none'"],
    styleSrc: [() => styleSource],
    // Article images live on the newsroom's servers; data: for inline placeholders in bodies.
    imgSrc: ["https:", "data:"],
    baseUri: ["'none'"],
    formAction: ["'none'"],
    frameAncestors: ["'none'"],
  },
  xFrameOptions: "DENY",
  permissionsPolicy: { camera: false, microphone: false, geolocation: false },
});

export const htmlSecurity: MiddlewareHandler = async (c, next) => {
  styleHash ??= sha256Base64(STYLE);
  styleSource = `'sha256-${await styleHash}'`;
  return secure(c, next);
};

/** The document as a string: JSX renders synchronously here (no async components). */
export const documentHtml = (node: unknown) => `<!doctype html>${String(node)}`;

export interface HtmlOptions {
  status?: 200 | 400 | 404 | 410;
  lastModified?: Date;
  maxAge?: number;
}

/** 200 with ETag, Last-Modified and 304 (src/http/conditional.ts); errors with a short cache hint. */
export function htmlResponse(c: Context, html: string, opts: HtmlOptions = {}): Promise<Response> | Response {
  const maxAge = opts.maxAge ?? PAGE_MAX_AGE;
  if ((opts.status ?? 200) === 200)
    return conditionalResponse(c.req.raw, {
      body: html,
      contentType: HTML_TYPE,
      maxAge,
      ...(opts.lastModified ? { lastModified: opts.lastModified } : {}),
    });
  return new Response(c.req.method === "HEAD" ? null : html, {
    status: opts.status,
    headers: { "content-type": HTML_TYPE, "cache-control": `public, max-age=${maxAge}` },
  });
}

/** Browsers get HTML; a client whose Accept prefers JSON gets problem+json like the API. */
export function wantsJson(c: Context): boolean {
  const type = accepts(c, {
    header: "Accept",
    supports: ["text/html", "application/problem+json", "application/json"],
    default: "text/html",
  });
  return type !== "text/html";
}
