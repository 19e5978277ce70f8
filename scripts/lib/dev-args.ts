// The command line of `npm run dev`: every flag is wrangler dev's own and passes through; this reads
// the address (`--ip`, `--port`, either as `--port 8801` or `--port=8801`) to check it is free and to
// record it, and `--persist-to` to look at the same local store. Defaults: 127.0.0.1 and 8787 (or
// PORT, as before). Pure.

export interface DevArgs {
  host: string;
  port: number;
  /** The arguments for `wrangler dev`, with the address always explicit. */
  wrangler: string[];
  /** `--persist-to DIR` when given, for `wrangler kv key list --local` to read the same store. */
  persistence: string[];
}

const DEFAULT_HOST = "127.0.0.1";
const DEFAULT_PORT = 8787;

/** The value of `--name V` or `--name=V`, and the arguments without it. */
function take(args: string[], name: string): { value?: string; rest: string[] } {
  const rest: string[] = [];
  let value: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === `--${name}`) {
      value = args[i + 1];
      if (value === undefined || value.startsWith("--")) throw new Error(`--${name} needs a value`);
      i++;
    } else if (a.startsWith(`--${name}=`)) value = a.slice(name.length + 3);
    else rest.push(a);
  }
  return { ...(value !== undefined ? { value } : {}), rest };
}

export function devArgs(argv: readonly string[], portFromEnv?: string): DevArgs {
  const ip = take([...argv], "ip");
  const port = take(ip.rest, "port");
  const raw = port.value ?? portFromEnv ?? String(DEFAULT_PORT);
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > 65535)
    throw new Error(`--port must be a port number from 1 to 65535 (got "${raw}")`);
  const host = ip.value ?? DEFAULT_HOST;
  const persist = take([...port.rest], "persist-to");
  const interactive = port.rest.some((a) => a.startsWith("--show-interactive-dev-session"));
  return {
    host,
    port: n,
    wrangler: [
      ...port.rest,
      "--ip",
      host,
      "--port",
      String(n),
      ...(interactive ? [] : ["--show-interactive-dev-session=false"]),
    ],
    persistence: persist.value !== undefined ? ["--persist-to", persist.value] : [],
  };
}
