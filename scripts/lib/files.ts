// Which files a command line names: files as given, folders walked recursively for .json, .txt and
// .md files (hidden entries and node_modules skipped, names sorted so runs are repeatable), or
// standard input.
import { readdir, readFile, stat } from "node:fs/promises";
import { extname, join, resolve } from "node:path";

export const EXTENSIONS = new Set([".json", ".txt", ".md"]);

export interface Input {
  /** As the user will recognise it: the path as given or found, or "stdin". */
  label: string;
  read(): Promise<string>;
}

async function walk(dir: string, label: string, out: Input[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (e.name.startsWith(".") || e.name === "node_modules") continue;
    const path = join(dir, e.name);
    if (e.isDirectory()) await walk(path, join(label, e.name), out);
    else if (e.isFile() && EXTENSIONS.has(extname(e.name).toLowerCase()))
      out.push({ label: join(label, e.name), read: () => readFile(path, "utf8") });
  }
}

export async function readStdin(stream: AsyncIterable<Buffer | string> = process.stdin): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(typeof c === "string" ? Buffer.from(c) : c);
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * The inputs named by `args`, relative to `cwd` (npm runs scripts from the package root, so the
 * tool passes the directory it was called from) and labelled as given; a missing path becomes an
 * input whose read fails with the reason.
 */
export async function collectInputs(args: readonly string[], cwd = process.cwd()): Promise<Input[]> {
  const out: Input[] = [];
  for (const arg of args) {
    if (arg === "-") {
      out.push({ label: "stdin", read: () => readStdin() });
      continue;
    }
    const path = resolve(cwd, arg);
    const info = await stat(path).catch(() => undefined);
    if (info?.isDirectory()) await walk(path, arg, out);
    else if (info?.isFile()) out.push({ label: arg, read: () => readFile(path, "utf8") });
    else out.push({ label: arg, read: () => Promise.reject(new Error("no such file or folder")) });
  }
  return out;
}
