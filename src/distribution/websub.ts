// Telling a WebSub hub about changed feeds (W3C WebSub §7: the publisher notifies its hub with a
// form-encoded `hub.mode=publish` and one `hub.url` per changed topic), with retries on failure.
import { logEvent, logFailure } from "../log.ts";

export interface PingTask {
  hub: string;
  urls: string[];
  attempts: number;
  due: number;
}

/** Sends one publish notification; true when the hub accepted it (any 2xx). */
export async function pingHub(task: PingTask): Promise<boolean> {
  const body = new URLSearchParams([
    ["hub.mode", "publish"],
    ...task.urls.map((u) => ["hub.url", u] as [string, string]),
  ]);
  try {
    const res = await fetch(task.hub, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    await res.body?.cancel();
    if (!res.ok)
      logEvent("websub-ping-refused", { hub: task.hub, status: res.status, attempts: task.attempts });
    return res.ok;
  } catch (err) {
    logFailure("websub-ping-failed", err, { hub: task.hub, attempts: task.attempts });
    return false;
  }
}

/** Retry schedule for a hub that failed: 2 s, 4 s, … up to one hour; give up after 12 tries (about 2.3 h). */
export const PING_MAX_ATTEMPTS = 12;
export const pingBackoffMs = (attempts: number) => Math.min(3_600_000, 1_000 * 2 ** attempts);
