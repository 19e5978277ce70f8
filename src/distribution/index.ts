// The distribution layer's face: every representation readers get, served from the registry, and
// the hooks the writer is given to tell it about changes. Routes ask it; it asks the store and the
// pure renderers.

export { ICON_PNG_BASE64, ICON_SIZE } from "../feeds/icon.ts";
export { NINJS_TYPE, renderNinjs } from "../feeds/ninjs.ts";
export {
  changesReader,
  forAudience,
  ninjsContext,
  partnerTarget,
  restrictQuery,
  shapeFor,
  visibleTo,
} from "./audience.ts";
export { changesPage, readStream } from "./change-stream.ts";
export { distributionHooks, touchedBy } from "./changes.ts";
export { cacheUrl, repKey } from "./key.ts";
export { API_FORMATS, type ApiFormat, apiArticle, listing, nextLink, takeFormat } from "./listing.ts";
export { apiListing } from "./listing-cache.ts";
export { feedsOf, messageHtml, navOf } from "./pages.tsx";
export { REPRESENTATIONS } from "./registry.ts";
export { serve } from "./serve.ts";
export type { Representation, RepresentationRoute, Target } from "./types.ts";
export { itemWeight, weightProblems } from "./weight.ts";
