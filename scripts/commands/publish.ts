// `edgewire publish <files or folders...>` (the default command): finds the article in each file of
// model output, validates it with the Worker's own schema, sends it with retries, and reports one
// line per article, then what to do next. `--dry-run` sends nothing and shows what was extracted.
import { collectInputs, type Input, readStdin } from "../lib/files.ts";
import { formatEntry, formatSummary, nextStep, progressBar } from "../lib/report.ts";
import { publish as publishAll } from "../lib/run.ts";
import { resolveTarget, UsageError } from "../lib/target.ts";
import { type Command, count, print, printJson } from "./command.ts";

export const publish: Command = {
  name: "publish",
  summary: "publish .json, .txt and .md files of model output (the default command)",
  help: `Usage: edgewire [publish] [options] <files or folders...>
       some-command | edgewire [publish] [options] -

Publishes .json, .txt and .md files (folders recursively). Each file may hold model output: the
article is found inside code fences and chatter, repaired where the intent is clear (every change
is reported), and validated with the service's own rules before it is sent. A file holding several
JSON objects is refused, naming each, unless they form one JSON array or --all is given.

Options:
  --dry-run          extract and validate only; send nothing; show what was extracted
  --update           replace existing articles (PUT) instead of refusing different content
  --all              publish every JSON object of a file that holds several
  --concurrency N    articles in flight at once (default 4)

Exit code: 0 when every article was created, updated or unchanged (or valid, with --dry-run);
1 when any was invalid or failed; 2 for a usage error.`,
  options: {
    "dry-run": { type: "boolean", default: false },
    update: { type: "boolean", default: false },
    all: { type: "boolean", default: false },
    concurrency: { type: "string" },
  },
  async run(values, positionals) {
    const dryRun = values["dry-run"] === true;
    const json = values.json === true;
    const concurrency = count(values, "concurrency", 4, 1, 64);
    const retries = count(values, "retries", 4, 0, 20);
    const target = dryRun
      ? undefined
      : resolveTarget({
          ...(typeof values.url === "string" ? { url: values.url } : {}),
          ...(typeof values.token === "string" ? { token: values.token } : {}),
        });

    let inputs: Input[];
    if (positionals.length === 0) {
      if (process.stdin.isTTY)
        throw new UsageError("no files given: pass files or folders, or - to read standard input");
      inputs = [{ label: "stdin", read: () => readStdin() }];
    } else inputs = await collectInputs(positionals, process.env.INIT_CWD ?? process.cwd());
    if (inputs.length === 0)
      throw new UsageError(
        `no .json, .txt or .md files in ${positionals.join(", ")}: name such files or folders`,
      );

    // The bar goes to stderr, only on a terminal and only for many files; lines go to stdout.
    const bar = !json && process.stderr.isTTY && inputs.length > 1;
    let barShown = false;
    const clearBar = () => {
      if (barShown) process.stderr.write("\r\x1b[2K");
      barShown = false;
    };
    const { entries, summary } = await publishAll(inputs, {
      dryRun,
      all: values.all === true,
      concurrency,
      ...(target
        ? {
            client: {
              url: target.url,
              token: target.token,
              update: values.update === true,
              ...(values.restore === true ? { restore: true } : {}),
              retries,
            },
          }
        : {}),
      onEntry: (e) => {
        if (json) return;
        clearBar();
        print(formatEntry(e));
      },
      onProgress: (done, total) => {
        if (!bar) return;
        process.stderr.write(`\r\x1b[2K${progressBar(done, total, process.stderr.columns)}`);
        barShown = done < total;
        if (!barShown) process.stderr.write("\r\x1b[2K");
      },
    });
    clearBar();
    const next = nextStep(summary);
    if (json)
      printJson({
        command: "publish",
        ...(target ? { service: target.url } : {}),
        files: entries,
        summary,
        ...(next ? { next } : {}),
      });
    else {
      print(formatSummary(summary));
      if (next) print(next);
    }
    return summary.ok ? 0 : 1;
  },
};
