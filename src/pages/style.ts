// The one stylesheet every page carries inline: system fonts, a ~42rem column, light and dark
// schemes with WCAG AA contrast or better. No external CSS, fonts or scripts (CSP: default-src 'none').
// It holds none of & < > " ' so that JSX text escaping leaves it byte-identical to what its CSP hash
// covers (test/pages.integration.test.ts checks both).

export const STYLE = `
:root{color-scheme:light dark;--bg:#fbfaf7;--fg:#1c1b19;--muted:#57534c;--line:#dcd7cd;--soft:#f1eee7;--accent:#0a55a3;--visited:#5b3a8e;--serif:Charter,Iowan Old Style,Georgia,Cambria,serif;--sans:system-ui,-apple-system,Segoe UI,Roboto,Helvetica Neue,Arial,sans-serif}
@media (prefers-color-scheme:dark){:root{--bg:#151514;--fg:#ebe9e4;--muted:#b4afa6;--line:#3b3935;--soft:#1f1e1c;--accent:#8dbdf6;--visited:#c4a8f0}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:1.0625rem/1.6 var(--sans)}
.wrap{max-width:42rem;margin:0 auto;padding:0 1.125rem}
a{color:var(--accent);text-underline-offset:.15em}
a:visited{color:var(--visited)}
a:focus-visible{outline:3px solid var(--accent);outline-offset:2px;border-radius:2px}
.skip{position:absolute;left:-10000px;top:0}
.skip:focus{left:1rem;top:1rem;z-index:1;background:var(--bg);padding:.5rem .75rem;border:2px solid var(--accent)}
.masthead{border-bottom:1px solid var(--line);padding:1rem 0 .75rem}
.brand{margin:0;font:700 1.5rem/1.2 var(--serif);letter-spacing:-.01em}
.brand a,.brand a:visited{color:var(--fg);text-decoration:none}
.tagline{margin:.125rem 0 0;color:var(--muted);font-size:.9375rem}
.masthead nav ul{list-style:none;margin:.625rem 0 0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem;font-size:.9375rem}
.masthead nav a[aria-current=page]{color:var(--fg);font-weight:600;text-decoration:none}
main{padding:1.5rem 0 2rem}
h1,h2,h3{font-family:var(--serif);line-height:1.2;text-wrap:pretty}
h1{text-wrap:balance}
h1{font-size:clamp(1.75rem,5vw,2.375rem);margin:0 0 .5rem;letter-spacing:-.015em}
h2{font-size:1.375rem;margin:2rem 0 .75rem}
h3{font-size:1.125rem;margin:1.5rem 0 .5rem}
.intro{color:var(--muted);margin:0 0 1.25rem}
.stories{list-style:none;margin:0;padding:0}
.story{padding:1rem 0;border-top:1px solid var(--line)}
.story h2{margin:0 0 .25rem;font-size:1.3125rem}
.story h2 a,.story h2 a:visited{color:var(--fg);text-decoration:none}
.story h2 a:hover{text-decoration:underline}
.story p{margin:.25rem 0}
.story .sub{font-size:1rem;line-height:1.5}
.meta{color:var(--muted);font-size:.875rem}
.meta a{color:inherit}
.dek{font-family:var(--serif);font-size:1.25rem;line-height:1.45;color:var(--muted);margin:0 0 1rem}
.corrections{border-left:4px solid var(--accent,currentColor);padding:.25rem 1rem;margin:0 0 1.5rem}
.byline{margin:0 0 1.25rem}
figure{margin:0 0 1.5rem}
figure img{display:block;width:100%;height:auto;background:var(--soft);border-radius:3px}
figcaption{color:var(--muted);font-size:.875rem;margin-top:.375rem}
.body{font:1.1875rem/1.7 var(--serif)}
.body img{max-width:100%;height:auto}
.body blockquote{margin:1rem 0;padding-left:1rem;border-left:3px solid var(--line);color:var(--muted)}
.tags{list-style:none;padding:0;margin:1.5rem 0 0;display:flex;flex-wrap:wrap;gap:.5rem}
.tags a{display:inline-block;padding:.125rem .625rem;border:1px solid var(--line);border-radius:999px;font-size:.875rem;text-decoration:none}
.feedlist{list-style:none;margin:0;padding:0;font-size:.9375rem}
.feedlist li{padding:.5rem 0;border-top:1px solid var(--line)}
.feedname{display:inline-block;min-width:14rem;margin-right:.5rem;font-weight:600}
.feedname a,.feedname a:visited{color:var(--fg)}
.more{margin:1.5rem 0 0}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.875em}
pre{overflow-x:auto;background:var(--soft);padding:.75rem;border-radius:4px}
.table{overflow-x:auto}
.table table{width:100%;border-collapse:collapse;font-size:.875rem}
.table th,.table td{text-align:left;padding:.375rem .5rem .375rem 0;border-top:1px solid var(--line);vertical-align:top}
.op{border-top:2px solid var(--line);margin-top:2rem}
.method{display:inline-block;min-width:3.75rem;font:700 .8125rem var(--sans);letter-spacing:.03em}
footer{border-top:1px solid var(--line);padding:1rem 0 2rem;color:var(--muted);font-size:.875rem}
footer p{margin:.25rem 0}
`.trim();
