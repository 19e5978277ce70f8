// `edgewire restore <files...>`: publishes taken-down articles again under their ids (PUT
// ?restore=true, which needs the `takedown` scope as well as `publish`). The service keeps no copy
// of a withdrawn story (a takedown is often a legal order), so the article comes from its file, as
// with publish; the restore raises its version and reaches every feed and the changes feed.
import type { Command } from "./command.ts";
import { publish } from "./publish.ts";

export const restore: Command = {
  name: "restore",
  summary: "publish taken-down articles again under their ids, from their files",
  help: `Usage: edgewire restore [options] <files or folders...>

Publishes each file's article again under the id it was taken down under (the article must carry
its "id"): PUT /api/articles/{id}?restore=true. The token needs the "publish" and "takedown"
scopes. Without restore, a taken-down id answers 410: a publish run over a drafts folder never
brings a withdrawn story back by accident.

Options:
  --dry-run          extract and validate only; send nothing

Exit code: 0 when every article was restored; 1 otherwise; 2 for a usage error.`,
  options: { "dry-run": { type: "boolean", default: false } },
  run: (values, positionals) => publish.run({ ...values, restore: true }, positionals),
};
