#!/usr/bin/env node
// The newsroom tool, `edgewire` (`npx edgewire …`, `npm run publish -- …`): `publish` articles from
// files of model output (the default command: `edgewire drafts/` is `edgewire publish drafts/`),
// `takedown` by id. Each command is a module in scripts/commands/. Exit codes: 0 success, 1 when
// an article or id failed, 2 for a usage error. The token is never printed, even in an error.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { COMMON, COMMON_HELP, parse, print, printJson } from "./commands/command.ts";
import { COMMANDS, DEFAULT_COMMAND } from "./commands/index.ts";
import { UsageError } from "./lib/target.ts";

const HELP = `Usage: edgewire <command> [options] [arguments]
       edgewire <files or folders...>          (publish is the default command)

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(18)} ${c.summary}`).join("\n")}

Run \`edgewire <command> --help\` for a command's options. From the checkout: npx edgewire …,
or npm run -s publish -- … (-s keeps npm's own lines out of --json output).

${COMMON_HELP}`;

/** Where the command name stands: the first argument that is neither an option nor an option's value. */
function commandIndex(argv: readonly string[]): number {
  const takesValue = new Set(
    [COMMON, ...COMMANDS.map((c) => c.options)].flatMap((o) =>
      Object.entries(o).flatMap(([k, v]) => (v.type === "string" ? [`--${k}`] : [])),
    ),
  );
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === "--") return i + 1 < argv.length ? i + 1 : -1;
    if (takesValue.has(a)) i++;
    else if (!a.startsWith("-") || a === "-") return i;
  }
  return -1;
}

async function main(argv: string[]): Promise<number> {
  if (argv.length === 0 && !process.stdin.isTTY)
    return DEFAULT_COMMAND.run(parse(DEFAULT_COMMAND, []).values, []);
  const at = commandIndex(argv);
  const first = at < 0 ? undefined : (argv[at] as string);
  if (
    argv.length === 0 ||
    first === "help" ||
    (first === undefined && /^(?:-h|--help)$/.test(argv[0] ?? ""))
  ) {
    print(HELP);
    return argv.length === 0 ? 2 : 0;
  }
  const named = COMMANDS.find((c) => c.name === first);
  // A word that is neither a command nor a path is a mistyped command, not a missing file.
  const cwd = process.env.INIT_CWD ?? process.cwd();
  if (!named && first !== undefined && /^[a-z][a-z-]*$/.test(first) && !existsSync(resolve(cwd, first)))
    throw new UsageError(
      `unknown command "${first}" (and no file or folder of that name): the commands are ${COMMANDS.map((c) => c.name).join(" and ")}; run edgewire --help`,
    );
  const command = named ?? DEFAULT_COMMAND;
  const { values, positionals } = parse(command, named ? argv.filter((_, i) => i !== at) : argv);
  if (values.help) {
    print(`${command.help}\n\n${COMMON_HELP}`);
    return 0;
  }
  return command.run(values, positionals);
}

const argv = process.argv.slice(2);
main(argv).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    const usage = e instanceof UsageError || (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS");
    const secrets = [process.env.EDGEWIRE_TOKEN];
    for (const [i, a] of argv.entries()) {
      if (a === "--token") secrets.push(argv[i + 1]);
      else if (a.startsWith("--token=")) secrets.push(a.slice(8));
    }
    let message = e instanceof Error ? e.message : String(e);
    for (const t of secrets) if (t) message = message.split(t).join("[token]");
    const code = usage ? 2 : 1;
    if (argv.includes("--json")) printJson({ error: message, exitCode: code });
    else
      process.stderr.write(
        `edgewire: ${message}\n${usage && !/--help|run again/.test(message) ? "Run edgewire --help for usage.\n" : ""}`,
      );
    process.exitCode = code;
  },
);
