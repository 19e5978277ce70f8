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

const BASE = "https://news.example.org/2026/03/story";
const clean = (html: string, base = BASE) => sanitizeHtml(html, base).html;

describe("sanitizeHtml", () => {
  it.each(VECTORS)("neutralises %s", (_name, input) => {
    const out = clean(input);
    expect(executable(out)).toEqual([]);
    expect(out).not.toMatch(/alert\(1\)<\/script>|javascript:|\[removed\]/i);
  });

  it("keeps ordinary newsroom markup, and reports nothing", () => {
    const html =
      '<h2>Context</h2><p>The <strong>council</strong> met <em>twice</em>.</p><blockquote cite="https://source.example/a">Quote</blockquote><ul><li>One</li></ul><p><a href="https://example.org/report" title="Report">report</a> <img src="https://img.example/a.jpg" alt="A bridge" width="600" height="400"></p>';
    expect(sanitizeHtml(html, BASE)).toEqual({ html, notes: [] });
  });

  it("resolves relative and protocol-relative URLs against the article's page, keeps fragments", () => {
    const out = sanitizeHtml(
      '<a href="mailto:desk@example.org">mail</a><a href="/local">x</a><a href="../up?a=1&amp;b=2">u</a><a href="//cdn.example/x">p</a><a href="#notes">n</a><img src="pic.jpg" alt="p">',
      BASE,
    );
    expect(out.html).toBe(
      '<a href="mailto:desk@example.org">mail</a><a href="https://news.example.org/local">x</a><a href="https://news.example.org/2026/up?a=1&amp;b=2">u</a><a href="https://cdn.example/x">p</a><a href="#notes">n</a><img src="https://news.example.org/2026/03/pic.jpg" alt="p">',
    );
    expect(out.notes).toEqual([`resolved relative URLs against ${BASE} (4 times)`]);
    // With the article's page known, a fragment link becomes an absolute link into it.
    expect(sanitizeHtml('<a href="#notes">n</a>', BASE, BASE).html).toBe(`<a href="${BASE}#notes">n</a>`);
  });

  it("without a base, drops relative URLs and says so", () => {
    const out = sanitizeHtml('<a href="/local">x</a>');
    expect(out.html).toBe("<a>x</a>");
    expect(out.notes).toEqual(["removed relative href URLs"]);
  });

  it("never alters text: a lone < or >, and literal entities, stay as written", () => {
    const out = sanitizeHtml("<p>5 < 6 > 4, a <- b, AT&amp;T &amp;amp; x</p><script>open", BASE);
    expect(out.html).toBe("<p>5 &lt; 6 &gt; 4, a &lt;- b, AT&amp;T &amp;amp; x</p>");
    expect(out.notes).toEqual(["removed <script> elements with their content"]);
  });

  it("turns provider embeds into figures with a link to the post or video", () => {
    const cases: [string, string, string][] = [
      [
        '<iframe src="https://www.youtube.com/embed/abc123?rel=0">no frames</iframe>',
        "https://www.youtube.com/watch?v=abc123",
        "YouTube video",
      ],
      [
        '<iframe src="https://player.vimeo.com/video/76979871"></iframe>',
        "https://vimeo.com/76979871",
        "Vimeo video",
      ],
      [
        '<iframe src="https://platform.twitter.com/embed/Tweet.html?id=1234567890"></iframe>',
        "https://x.com/i/status/1234567890",
        "Post on X",
      ],
      [
        '<iframe src="https://www.instagram.com/p/CxYz/embed"></iframe>',
        "https://www.instagram.com/p/CxYz/",
        "Instagram post",
      ],
      [
        '<iframe src="https://www.tiktok.com/embed/v2/7212345678901234567"></iframe>',
        "https://www.tiktok.com/embed/v2/7212345678901234567",
        "TikTok video",
      ],
      [
        '<iframe src="https://w.soundcloud.com/player/?url=https%3A//api.soundcloud.com/tracks/123"></iframe>',
        "https://api.soundcloud.com/tracks/123",
        "SoundCloud audio",
      ],
      [
        '<iframe src="https://open.spotify.com/embed/episode/4rOoJ6Egrf8K2IrywzwOMk"></iframe>',
        "https://open.spotify.com/episode/4rOoJ6Egrf8K2IrywzwOMk",
        "Spotify",
      ],
    ];
    for (const [html, href, label] of cases) {
      const out = sanitizeHtml(`<p>Before</p>${html}<p>After</p>`, BASE);
      expect(out.html).toBe(
        `<p>Before</p><figure><figcaption><a href="${href}">${label}</a></figcaption></figure><p>After</p>`,
      );
      expect(out.notes).toEqual([`turned <iframe> into a link to ${label}`]);
    }
  });

  it("turns any other iframe into a link to its source, and video and audio into a figure", () => {
    expect(clean('<iframe src="/widget?id=3" title="Live results"></iframe>')).toBe(
      '<p><a href="https://news.example.org/widget?id=3">Live results</a></p>',
    );
    expect(
      clean(
        '<video poster="still.jpg" controls><source src="clip.mp4" type="video/mp4">Your browser</video>',
      ),
    ).toBe(
      '<figure><a href="https://news.example.org/2026/03/clip.mp4"><img src="https://news.example.org/2026/03/still.jpg" alt="Video"></a><figcaption><a href="https://news.example.org/2026/03/clip.mp4">Video</a></figcaption></figure>',
    );
    expect(clean('<audio src="https://cdn.example/a.mp3"></audio>')).toBe(
      '<figure><figcaption><a href="https://cdn.example/a.mp3">Audio</a></figcaption></figure>',
    );
  });

  it("reports every kind of change once, with how often", () => {
    const out = sanitizeHtml(
      '<p onclick="x()" class="a">a</p><p class="b">b</p><font>c</font><!-- c --><img src="javascript:alert(1)" alt="x">',
      BASE,
    );
    expect(out.html).toBe("<p>a</p><p>b</p>c");
    expect(out.notes).toEqual([
      "removed HTML comments",
      "removed the attribute onclick from <p>",
      "removed the attribute class from <p> (2 times)",
      "removed <font> tags (their text is kept)",
      "removed src URLs with the scheme javascript:",
      "removed images without a usable source",
    ]);
  });
});
