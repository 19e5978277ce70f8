// The report people and scripts read: one line per article (status, file, id or reasons) with the
// repair notes indented under it, a summary line, and a progress bar. Pure string formatting.
import type { Problem } from "../../src/articles/problems.ts";
import { formatProblems, type Preview } from "./prepare.ts";

export type Status = "created" | "updated" | "unchanged" | "valid" | "invalid" | "failed";

export interface Entry {
  file: string;
  /** Position in a file holding a JSON array of articles, from 1. */
  item?: number;
  status: Status;
  id?: string;
  notes: string[];
  problems?: Problem[];
  error?: string;
  httpStatus?: number;
  tries?: number;
  /** What was extracted (dry runs show it). */
  preview?: Preview;
}

export interface Summary {
  files: number;
  articles: number;
  created: number;
  updated: number;
  unchanged: number;
  valid: number;
  invalid: number;
  failed: number;
  /** Every article succeeded: the exit code is 0. */
  ok: boolean;
  dryRun: boolean;
}

const WIDTH = 10;
const INDENT = " ".repeat(WIDTH + 1);

export const isSuccess = (s: Status) => s !== "invalid" && s !== "failed";

export function label(e: Pick<Entry, "file" | "item">): string {
  return e.item === undefined ? e.file : `${e.file}[${e.item}]`;
}

export function formatEntry(e: Entry): string {
  let detail = "";
  if (e.status === "invalid") detail = e.problems?.length ? formatProblems(e.problems) : (e.error ?? "");
  else if (e.status === "failed") detail = e.error ?? "";
  else if (e.id) detail = `(id ${e.id})`;
  const head = `${e.status.padEnd(WIDTH)} ${label(e)}${detail ? `  ${detail}` : ""}`;
  return [head, ...(e.preview ? formatPreview(e.preview) : []), ...e.notes.map((n) => INDENT + n)].join("\n");
}

const field = (name: string, value: string) => `${INDENT}${name.padEnd(WIDTH)}${value}`;

/** headline, category, keywords and the first lines of the body, under the entry's line. */
export function formatPreview(p: Preview): string[] {
  const body = `${p.paragraphs} paragraph${p.paragraphs === 1 ? "" : "s"}, ${p.characters.toLocaleString("en")} characters`;
  return [
    field("headline", p.headline || "(none)"),
    field("category", p.category || "(none)"),
    field("keywords", p.keywords.join(", ") || "(none)"),
    field("body", body),
    ...p.firstLines.map((l) => `${INDENT}${" ".repeat(WIDTH)}| ${l}`),
  ];
}

export function summarize(entries: readonly Entry[], dryRun: boolean): Summary {
  const count = (s: Status) => entries.filter((e) => e.status === s).length;
  return {
    files: new Set(entries.map((e) => e.file)).size,
    articles: entries.length,
    created: count("created"),
    updated: count("updated"),
    unchanged: count("unchanged"),
    valid: count("valid"),
    invalid: count("invalid"),
    failed: count("failed"),
    ok: entries.length > 0 && entries.every((e) => isSuccess(e.status)),
    dryRun,
  };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** `14 files: 3 created, 10 unchanged, 1 invalid, 0 failed` */
export function formatSummary(s: Summary): string {
  const what =
    s.articles === s.files
      ? plural(s.files, "file")
      : `${plural(s.articles, "article")} in ${plural(s.files, "file")}`;
  const parts = s.dryRun
    ? [`${s.valid} valid`, `${s.invalid} invalid`]
    : [
        `${s.created} created`,
        ...(s.updated > 0 ? [`${s.updated} updated`] : []),
        `${s.unchanged} unchanged`,
        `${s.invalid} invalid`,
        `${s.failed} failed`,
      ];
  return `${what}: ${parts.join(", ")}${s.dryRun ? " (dry run: nothing was sent)" : ""}`;
}

/** What to do after this run, when there is something to do: every report ends saying it. */
export function nextStep(s: Summary): string | undefined {
  if (s.articles === 0) return "Nothing was found to publish: name .json, .txt or .md files or folders.";
  if (s.invalid > 0)
    return "Next: fix what each invalid line names (the place is given) and run the same command again; --dry-run checks without sending.";
  if (s.failed > 0)
    return "Next: fix what each failed line names and run the same command again: articles already published answer unchanged.";
  if (s.dryRun) return "Next: run the same command without --dry-run to publish.";
  return undefined;
}

/** `[##########----------] 12/40` sized to fit `columns`. */
export function progressBar(done: number, total: number, columns = 80): string {
  const counter = ` ${done}/${total}`;
  const width = Math.max(10, Math.min(40, columns - counter.length - 3));
  const filled = total === 0 ? width : Math.round((done / total) * width);
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}]${counter}`;
}
