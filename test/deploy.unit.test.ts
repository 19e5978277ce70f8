// `npm run deploy` refuses a configuration whose item ids would follow the request's Host (no
// SITE_URL, no ID_AUTHORITY), proven on a fixture config by running the script itself; and it
// reads the vars the deploy would use: the environment's table, `--var` flags.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { deployedVars, deployProblem } from "../scripts/deploy.ts";

const FIXTURE = "test/fixtures/deploy/no-site-url.toml";
const toml = readFileSync(FIXTURE, "utf8");

describe("npm run deploy", () => {
  it("is the script that checks the configuration before wrangler runs", () => {
    const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> };
    expect(pkg.scripts.deploy).toMatch(/^WRANGLER_SEND_METRICS=false node scripts\/deploy\.ts$/);
  });

  it("refuses a configuration without SITE_URL or ID_AUTHORITY, and uploads nothing", () => {
    const run = spawnSync(process.execPath, ["scripts/deploy.ts", "--config", FIXTURE], { encoding: "utf8" });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("refusing to deploy: set SITE_URL");
    expect(run.stdout).toBe("");
  });

  it("accepts SITE_URL or ID_AUTHORITY from the config's environment or from --var", () => {
    expect(deployProblem(toml, [])).toContain("refusing");
    expect(deployProblem(toml, ["--env", "production"])).toBeUndefined();
    expect(deployProblem(toml, ["--var", "ID_AUTHORITY:news.example.org"])).toBeUndefined();
    expect(deployProblem(toml, ["--var=SITE_URL:https://news.example.org"])).toBeUndefined();
    expect(deployProblem(toml, ["--env", "staging"])).toContain("refusing");
    expect(deployedVars(toml, [])).toEqual({ SITE_TITLE: "Edgewire", SITE_URL: "" });
  });

  it("refuses the project's own wrangler.toml as it is committed (SITE_URL empty, for dev)", () => {
    expect(deployProblem(readFileSync("wrangler.toml", "utf8"), [])).toContain("refusing");
  });
});
