// Hono's environment for this app: the Worker bindings and the values middleware hands to routes.
export interface AppEnv {
  Bindings: Env;
  Variables: {
    publisher?: string;
    requestId: string;
  };
}
