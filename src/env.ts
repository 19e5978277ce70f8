// Hono's environment for this app: the Worker bindings and the values middleware hands to routes.
import type { PartnerAccess } from "./articles/audience.ts";
import type { SiteConfig } from "./config.ts";

/** What a newsroom token may do (PUBLISH_TOKENS `name:token:publish+takedown+admin`). */
export type Scope = "publish" | "takedown" | "admin";

export interface AppEnv {
  Bindings: Env;
  Variables: {
    requestId: string;
    /** The site as configured, resolved once per request (src/http/site.ts). */
    site: SiteConfig;
    /** The newsroom token's name, recorded as the publisher of what it sends. */
    publisher?: string;
    /** What the request's newsroom token may do (set by src/http/auth.ts). */
    scopes?: ReadonlySet<Scope>;
    /** `?dry_run=true` on a write: decide and answer, store nothing (src/http/dry-run.ts). */
    dryRun?: boolean;
    /** A partner's key or URL token was recognised (src/partners/access.ts): what it may see. */
    partner?: PartnerAccess;
  };
}
