// What the sanitiser changed, as short notes for the write's answer: each kind of change once, with
// how often it happened, in the order first seen, so a body with a thousand removed attributes still
// gives a short, bounded report. ASCII only: notes travel in an HTTP header (RFC 9651 strings).

/** Distinct notes kept; the rest are counted in a last note. */
const MAX_NOTES = 20;

export class SanitizeNotes {
  private readonly counts = new Map<string, number>();

  add(note: string): void {
    this.counts.set(note, (this.counts.get(note) ?? 0) + 1);
  }

  list(): string[] {
    const all = [...this.counts].map(([note, n]) => ascii(n > 1 ? `${note} (${n} times)` : note));
    if (all.length <= MAX_NOTES) return all;
    return [...all.slice(0, MAX_NOTES - 1), `and ${all.length - MAX_NOTES + 1} other kinds of change`];
  }
}

/** Non-ASCII characters (from tag names or URLs that were not valid) as \u escapes. */
function ascii(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
