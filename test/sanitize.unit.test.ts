// HTML bodies are sanitised before they are stored: the usual XSS vectors (OWASP cheat sheet) leave
// nothing executable, while ordinary newsroom markup survives.
import { describe, expect, it } from "vitest";
import { sanitizeHtml } from "../src/articles/sanitize.ts";

const VECTORS: [string, string][] = [
  ["script element", "<p>a</p><script>alert(1)</script>"],
  ["script with odd case and attributes", "<SCRIPT SRC=http://xss.example/xss.js></SCRIPT>"],
  ["event handler", '<p onclick="alert(1)">a</p>'],
  ["img onerror", "<img src=x onerror=alert(1)>"],
  ["javascript: link", '<a href="javascript:alert(1)">x</a>'],
  ["entity-encoded javascript: link", '<a href="&#106;avascript:alert(1)">x</a>'],
  ["tab inside javascript: scheme", '<a href="jav&#x09;ascript:alert(1)">x</a>'],
  ["data: URL link", '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>'],
  ["vbscript: link", '<a href="vbscript:msgbox(1)">x</a>'],
  ["svg onload", "<svg onload=alert(1)><circle r=1 /></svg>"],
  ["svg with script", "<svg><script>alert(1)</script></svg>"],
  ["style element", "<style>body{background:url(javascript:alert(1))}</style><p>a</p>"],
  ["style attribute", '<p style="background:url(javascript:alert(1))">a</p>'],
  ["iframe", '<iframe src="https://evil.example"></iframe>'],
  ["object/embed", '<object data="x.swf"></object><embed src="x.swf">'],
  ["form action", '<form action="javascript:alert(1)"><button>x</button></form>'],
  ["meta refresh", '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">'],
  ["base href", '<base href="javascript:alert(1)//">'],
  ["math with xlink", '<math><a xlink:href="javascript:alert(1)">x</a></math>'],
  ["unclosed attribute trick", '<img src="x" alt="" onerror="alert(1)"'],
  ["nested tag trick", "<scr<script>ipt>alert(1)</scr</script>ipt>"],
  ["comment trick", "<!--<img src=x onerror=alert(1)>-->"],
  ["details ontoggle", "<details open ontoggle=alert(1)>"],
  ["srcdoc", '<iframe srcdoc="<script>alert(1)</script>"></iframe>'],
];

/** What a browser would execute: looks inside real tags only (escaped `&lt;img ...` is text). */
function executable(html: string): string[] {
  const found: string[] = [];
  const tags = (html.match(/<[a-zA-Z!/][^>]*>?/g) ?? []).join(" ");
  html = tags;
  if (/<\s*(script|style|iframe|object|embed|svg|math|form|meta|base|link)\b/i.test(html))
    found.push("dangerous element");
  if (/\son[a-z]+\s*=/i.test(html)) found.push("event handler");
  if (/\s(style|srcdoc|action|formaction|xlink:href)\s*=/i.test(html)) found.push("dangerous attribute");
  for (const m of html.matchAll(/\s(?:href|src|cite)\s*=\s*"([^"]*)"/gi)) {
    if (!/^(https?:\/\/|mailto:)/i.test(m[1] ?? "")) found.push(`unsafe URL ${m[1]}`);
  }
  return found;
}

describe("sanitizeHtml", () => {
  it.each(VECTORS)("neutralises %s", (_name, input) => {
    const out = sanitizeHtml(input);
    expect(executable(out)).toEqual([]);
    expect(out).not.toMatch(/alert\(1\)<\/script>|javascript:/i);
  });

  it("keeps ordinary newsroom markup", () => {
    const html =
      '<h2>Context</h2><p>The <strong>council</strong> met <em>twice</em>.</p><blockquote cite="https://source.example/a">Quote</blockquote><ul><li>One</li></ul><p><a href="https://example.org/report" title="Report">report</a> <img src="https://img.example/a.jpg" alt="A bridge" width="600" height="400"></p>';
    expect(sanitizeHtml(html)).toBe(html);
  });

  it("keeps mailto links and drops relative ones that would break in feed readers", () => {
    expect(sanitizeHtml('<a href="mailto:desk@example.org">mail</a><a href="/local">x</a>')).toBe(
      '<a href="mailto:desk@example.org">mail</a><a>x</a>',
    );
  });

  it("drops an image whose source is refused", () => {
    expect(sanitizeHtml('<p>a<img src="javascript:alert(1)" alt="x"></p>')).toBe("<p>a</p>");
  });
});
