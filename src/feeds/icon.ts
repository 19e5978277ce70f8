// The default feed icon and logo: a 144 by 144 PNG (the largest width RSS 2.0 allows for <image>;
// Atom and JSON Feed take a square icon), the site's "E" on its accent colour. Served by the Worker
// at paths.icon() (src/routes/icon.ts); SITE_ICON and SITE_LOGO replace it. Made once with Node's
// zlib: RGB, 8 bits, no interlace; its bytes are checked in test/icon.integration.test.ts.

export const ICON_SIZE = 144;

export const ICON_PNG_BASE64 =
  "iVBORw0KGgoAAAANSUhEUgAAAJAAAACQCAIAAABoJHXvAAABJElEQVR42u3csQkAIAxFwdTu54QOKWiTGSyEBA7eBLnyQ2LMpUaFEwATMAEDJmACBkzABAyYgAkYMAETMGACJmDABEzAgAmYgAETMAED5grABEyFwO7Z7QIGDBgwYMCAAQMGDBgwYMCAAQMGDBgwYMCAAQMG7BeYARMYMGDAgAEDBgwYMGDAgAEDBgwYMGDAgAEDBgyYAbPfOAkMGDBgwIABAwYMGDBgwIABAwYMGDBgwIABAwYMmAETGDBgwIABAwYMGDBgwIABAwYMGDBgwIABAwYMmAHTg0tgwIABAwYMGDBgwIABAwYMGDBgwIABAwYMGDBgdcAEDJiACRgwARMwYAImYMAETMCACZiACRgwARMwYAImYMAETMCACZiAARMwPZfTJJUo3Cu04wAAAABJRU5ErkJggg==";
