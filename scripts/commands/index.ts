// The `edgewire` tool's commands, by name. A new one (restore, correct, partners, stats) is one
// module beside these and one line here.
import type { Command } from "./command.ts";
import { correct } from "./correct.ts";
import { list } from "./list.ts";
import { partners } from "./partners.ts";
import { publish } from "./publish.ts";
import { restore } from "./restore.ts";
import { stats } from "./stats.ts";
import { takedown } from "./takedown.ts";

export const COMMANDS: readonly Command[] = [publish, takedown, restore, correct, list, partners, stats];
export const DEFAULT_COMMAND = publish;
