// The `edgewire` tool's commands, by name. A new one (restore, correct, partners, stats) is one
// module beside these and one line here.
import type { Command } from "./command.ts";
import { partners } from "./partners.ts";
import { publish } from "./publish.ts";
import { stats } from "./stats.ts";
import { takedown } from "./takedown.ts";

export const COMMANDS: readonly Command[] = [publish, takedown, partners, stats];
export const DEFAULT_COMMAND = publish;
