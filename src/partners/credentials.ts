// Partner credentials: a key (for servers, in `Authorization: Bearer`) and a URL token (for readers
// that cannot send headers, in `?access_token=`), each 256 random bits with a prefix that says what
// it is. Only their SHA-256 hashes are stored: a leaked store leaks no key.

/** Prefixes: a bearer credential that starts with KEY_PREFIX is a partner key, never a newsroom token. */
export const KEY_PREFIX = "ewp_";
export const URL_TOKEN_PREFIX = "ewt_";
/** Characters of a key shown in listings so people can tell keys apart (the prefix and 4 more). */
const SHOWN = KEY_PREFIX.length + 4;

function random(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return prefix + btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** A prefix, then 32 random bytes in base64url without padding: the shape of every credential issued. */
const ISSUED = new RegExp(`^(?:${KEY_PREFIX}|${URL_TOKEN_PREFIX})[A-Za-z0-9_-]{43}$`);

/** True when `credential` has the shape of a key or URL token as issued (any other was never issued). */
export const wellFormed = (credential: string) => ISSUED.test(credential);

export const newKey = () => random(KEY_PREFIX);
export const newUrlToken = () => random(URL_TOKEN_PREFIX);
export const keyPrefixOf = (key: string) => `${key.slice(0, SHOWN)}…`;

/** SHA-256 hex of a credential: what is stored and looked up. */
export async function credentialHash(credential: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(credential)));
  return [...digest].map((b) => b.toString(16).padStart(2, "0")).join("");
}
