// How the extractor's messages name places and values: `line 3, column 14`, a value on one line
// with its end kept, raw source between backticks, and counts of characters. Pure.

/** `line 3, column 14` for a character offset. */
export function place(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return `line ${line}, column ${offset - before.lastIndexOf("\n")}`;
}

export const count = (n: number) => `${n.toLocaleString("en")} character${n === 1 ? "" : "s"}`;

/** A value's text for an error message, on one line, its end kept: `"...bridge reopens"`. */
export const quoteEnd = (s: string) => {
  const one = s.replace(/\s+/g, " ").trim();
  return `"${one.length > 60 ? `...${one.slice(-57)}` : one}"`;
};

/** A value's text for a message, on one line, its start kept: `"and the council…"`. */
export const quoteStart = (s: string, max = 60) => {
  const one = s.replace(/\s+/g, " ").trim();
  return `"${one.length > max ? `${one.slice(0, max - 1)}…` : one}"`;
};

/** Raw source for an error message, between backticks since it is full of quotes. */
export const excerpt = (s: string) => `\`${s.replace(/\s+/g, " ").trim()}\``;
