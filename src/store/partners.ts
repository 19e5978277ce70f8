// PartnerRegistry: one Durable Object for the whole site that holds the partner keys. Strongly
// consistent (a revocation is seen by the next lookup anywhere) and small: one record per partner and
// one entry per credential hash, so a partner request costs one lookup. Only SHA-256 hashes of keys
// and URL tokens are stored; the key itself is shown once, by the route that made it, and never here.
import { DurableObject } from "cloudflare:workers";
import * as clock from "../clock.ts";
import type { PartnerDirectory, PartnerRecord } from "./types.ts";

const record = (id: string) => `p:${id}`;
const credential = (hash: string) => `h:${hash}`;

export class PartnerRegistry extends DurableObject<Env> implements PartnerDirectory {
  async create(r: PartnerRecord): Promise<void> {
    await this.ctx.storage.put({
      [record(r.id)]: r,
      [credential(r.keyHash)]: r.id,
      [credential(r.urlTokenHash)]: r.id,
    });
  }

  async list(): Promise<PartnerRecord[]> {
    return [...(await this.ctx.storage.list<PartnerRecord>({ prefix: "p:" })).values()];
  }

  async lookup(hash: string): Promise<PartnerRecord | null> {
    const id = await this.ctx.storage.get<string>(credential(hash));
    if (!id) return null;
    const r = await this.ctx.storage.get<PartnerRecord>(record(id));
    return r && !r.revokedAt ? r : null;
  }

  update(
    ...[id, change, hashes = {}]: Parameters<PartnerDirectory["update"]>
  ): Promise<PartnerRecord | undefined> {
    return this.ctx.blockConcurrencyWhile(async () => {
      const s = this.ctx.storage;
      const old = await s.get<PartnerRecord>(record(id));
      if (!old || old.revokedAt) return undefined;
      const { unset = [], ...fields } = change;
      const next: PartnerRecord = {
        ...old,
        ...fields,
        ...hashes,
        revision: old.revision + 1,
        updatedAt: new Date(clock.now()).toISOString(),
      };
      for (const f of unset) delete next[f];
      const gone = [
        ...(hashes.keyHash ? [credential(old.keyHash)] : []),
        ...(hashes.urlTokenHash ? [credential(old.urlTokenHash)] : []),
      ];
      if (gone.length > 0) await s.delete(gone);
      await s.put({
        [record(id)]: next,
        ...(hashes.keyHash ? { [credential(hashes.keyHash)]: id } : {}),
        ...(hashes.urlTokenHash ? { [credential(hashes.urlTokenHash)]: id } : {}),
      });
      return next;
    });
  }

  revoke(id: string): Promise<boolean> {
    return this.ctx.blockConcurrencyWhile(async () => {
      const s = this.ctx.storage;
      const old = await s.get<PartnerRecord>(record(id));
      if (!old || old.revokedAt) return false;
      await s.delete([credential(old.keyHash), credential(old.urlTokenHash)]);
      await s.put(record(id), {
        ...old,
        revokedAt: new Date(clock.now()).toISOString(),
        revision: old.revision + 1,
      });
      return true;
    });
  }
}
