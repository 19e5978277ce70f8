// `npm run dev`: wrangler's flags pass through with the address made explicit, and a port that is
// already taken stops it before it starts anything or sends anything (a test with a server on
// that port, which must receive no request).
import { existsSync, statSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join, resolve } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { devArgs } from "../scripts/lib/dev-args.ts";
import { runProcess } from "./helpers/process.ts";

vi.setConfig({ testTimeout: 120_000 });
const ROOT = resolve(import.meta.dirname, "..");

describe("npm run dev's arguments", () => {
  it("defaults to 127.0.0.1:8787 and keeps the interactive session off", () => {
    expect(devArgs([])).toEqual({
      host: "127.0.0.1",
      port: 8787,
      wrangler: ["--ip", "127.0.0.1", "--port", "8787", "--show-interactive-dev-session=false"],
      persistence: [],
    });
  });

  it("reads --port and --ip in both spellings and passes every other flag through", () => {
    expect(
      devArgs(["--port", "8801", "--ip=0.0.0.0", "--local-protocol", "https", "--persist-to", "/tmp/s"]),
    ).toEqual({
      host: "0.0.0.0",
      port: 8801,
      wrangler: [
        "--local-protocol",
        "https",
        "--persist-to",
        "/tmp/s",
        "--ip",
        "0.0.0.0",
        "--port",
        "8801",
        "--show-interactive-dev-session=false",
      ],
      persistence: ["--persist-to", "/tmp/s"],
    });
    expect(devArgs(["--port=8802"], "9999").port).toBe(8802);
    expect(devArgs([], "8803").port).toBe(8803);
  });

  it("refuses a port that is not one", () => {
    expect(() => devArgs(["--port", "eighty"])).toThrow(
      '--port must be a port number from 1 to 65535 (got "eighty")',
    );
    expect(() => devArgs(["--port"])).toThrow("--port needs a value");
  });
});

describe("npm run dev with its port taken", () => {
  it("exits with a clear message, starts nothing and sends nothing to whoever holds the port", async () => {
    const seen: string[] = [];
    const other = createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      res.end("not edgewire");
    });
    await new Promise<void>((r) => other.listen(0, "127.0.0.1", r));
    const port = (other.address() as AddressInfo).port;
    const record = join(ROOT, ".wrangler", "dev.json");
    const before = existsSync(record) ? statSync(record).mtimeMs : undefined;
    const hadDevVars = existsSync(join(ROOT, ".dev.vars"));
    try {
      const { code, stdout, stderr } = await runProcess(
        process.execPath,
        ["scripts/dev.ts", "--port", String(port)],
        {
          cwd: ROOT,
        },
      );
      expect(code).toBe(1);
      expect(stdout).toBe("");
      expect(stderr).toBe(
        `npm run dev: port ${port} on 127.0.0.1 is already in use, so nothing was started and nothing was sent. Stop what is serving there, or pick another port: npm run dev -- --port ${port + 1}\n`,
      );
      expect(seen).toEqual([]);
      expect(existsSync(record) ? statSync(record).mtimeMs : undefined).toBe(before);
      expect(existsSync(join(ROOT, ".dev.vars"))).toBe(hadDevVars);
    } finally {
      await new Promise<void>((r) => other.close(() => r()));
    }
  });
});
