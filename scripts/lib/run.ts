// Publishing a set of inputs: read and prepare every file, then send the valid articles through a
// pool of `concurrency` workers. Results come back in input order as soon as they are known, so the
// report streams. The CLI and seeding both use this. No `node:` imports.
import { type ClientOptions, sendArticle } from "./client.ts";
import { type Prepared, prepareText } from "./prepare.ts";
import { type Entry, type Summary, summarize } from "./report.ts";

export interface Source {
  label: string;
  read(): Promise<string>;
}

export interface RunOptions {
  dryRun: boolean;
  /** Publish every object of a file that holds several (`--all`). */
  all?: boolean;
  concurrency: number;
  /** Needed unless dryRun. */
  client?: Omit<ClientOptions, "update" | "retries"> & Partial<Pick<ClientOptions, "update" | "retries">>;
  /** Each article's line, in input order. */
  onEntry?(entry: Entry): void;
  onProgress?(done: number, total: number): void;
}

interface Unit {
  file: string;
  prepared: Prepared;
  readError?: string;
}

function localEntry(file: string, p: Prepared, dryRun: boolean): Entry | undefined {
  const base = {
    file,
    ...(p.item !== undefined ? { item: p.item } : {}),
    ...(dryRun && p.preview ? { preview: p.preview } : {}),
  };
  if (p.error !== undefined) return { ...base, status: "invalid", error: p.error, notes: p.notes };
  if (p.problems) return { ...base, status: "invalid", problems: p.problems, notes: p.notes };
  if (dryRun) return { ...base, status: "valid", ...(p.id ? { id: p.id } : {}), notes: p.notes };
  return undefined;
}

export async function publish(
  sources: readonly Source[],
  options: RunOptions,
): Promise<{ entries: Entry[]; summary: Summary }> {
  const units: Unit[] = [];
  for (const s of sources) {
    let text: string;
    try {
      text = await s.read();
    } catch (e) {
      units.push({
        file: s.label,
        prepared: { notes: [] },
        readError: `cannot read: ${(e as Error).message}`,
      });
      continue;
    }
    for (const prepared of await prepareText(text, { all: options.all ?? false }))
      units.push({ file: s.label, prepared });
  }

  const entries: (Entry | undefined)[] = units.map((u) =>
    u.readError !== undefined
      ? { file: u.file, status: "failed", error: u.readError, notes: [] }
      : localEntry(u.file, u.prepared, options.dryRun),
  );
  let printed = 0;
  let done = 0;
  const flush = () => {
    for (; printed < entries.length && entries[printed]; printed++)
      options.onEntry?.(entries[printed] as Entry);
  };
  const finish = (i: number, e: Entry) => {
    entries[i] = e;
    done++;
    options.onProgress?.(done, units.length);
    flush();
  };
  done = entries.filter(Boolean).length;
  options.onProgress?.(done, units.length);
  flush();

  const pending = units.flatMap((_u, i) => (entries[i] ? [] : [i]));
  if (pending.length > 0) {
    const client = options.client;
    if (!client) throw new Error("publish: the service URL and token are needed unless dryRun");
    let stopped: string | undefined;
    let next = 0;
    const worker = async () => {
      for (let k = next++; k < pending.length; k = next++) {
        const i = pending[k] as number;
        const { file, prepared } = units[i] as Unit;
        const base = { file, ...(prepared.item !== undefined ? { item: prepared.item } : {}) };
        if (stopped) {
          finish(i, { ...base, status: "failed", error: `not sent: ${stopped}`, notes: prepared.notes });
          continue;
        }
        const sent = await sendArticle(prepared.raw as Record<string, unknown>, {
          update: false,
          retries: 4,
          ...client,
        });
        if (sent.status === "failed" && sent.stop && !stopped) stopped = sent.error;
        const entry: Omit<Entry, "notes"> = { ...base, status: sent.status };
        if ("id" in sent && sent.id) entry.id = sent.id;
        if ("problems" in sent) entry.problems = sent.problems;
        if ("error" in sent) entry.error = sent.error;
        if ("httpStatus" in sent && sent.httpStatus) entry.httpStatus = sent.httpStatus;
        if (sent.tries > 1) entry.tries = sent.tries;
        // The tool's own repairs, then what the server's sanitiser changed.
        finish(i, { ...entry, notes: [...prepared.notes, ...("notes" in sent ? (sent.notes ?? []) : [])] });
      }
    };
    await Promise.all(
      Array.from({ length: Math.max(1, Math.min(options.concurrency, pending.length)) }, worker),
    );
  }
  const all = entries as Entry[];
  return { entries: all, summary: summarize(all, options.dryRun) };
}
