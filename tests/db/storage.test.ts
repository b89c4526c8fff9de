// The storage port's local folder across instances: the link-signing secret
// lives in Postgres (private.auth_secrets, name 'storage'), created once even
// when instances race, and never readable by the API roles.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { localFolderStore } from '../../src/lib/storage/local-folder.server.ts';
import { sharedStorageSecret, storeUpload } from '../../src/lib/storage/storage.server.ts';
import { freshDatabase } from '../fixtures/db.ts';

const { sql } = await freshDatabase({ max: 6 });
const root = await mkdtemp(path.join(tmpdir(), 'samspil-storage-db-'));
afterAll(() => rm(root, { recursive: true, force: true }));

describe('the local folder’s signing secret', () => {
  it('is created once when instances race, and links one signs the other opens', async () => {
    const secrets = await Promise.all(Array.from({ length: 5 }, () => sharedStorageSecret(sql)));
    for (const secret of secrets) expect(Buffer.from(secret).equals(Buffer.from(secrets[0]!))).toBe(true);
    expect(secrets[0]!.byteLength).toBe(32);

    const [one, two] = [0, 1].map(() => localFolderStore({ root, secret: () => sharedStorageSecret(sql) }));
    const bytes = new TextEncoder().encode('%PDF-1.4\n%%EOF\n');
    const stored = await storeUpload({ bytes, declaredName: 'a.pdf', kind: 'material', prefix: 'materials/db' }, one!);
    if (!stored.ok) throw new Error(stored.code);
    const link = new URL(await one!.signedUrl(stored.object.key, { expiresInSeconds: 60 }), 'http://x');
    const read = await two!.readSigned(stored.object.key, link.searchParams);
    expect(read.ok).toBe(true);
  });

  it('is out of reach of anon and authenticated', async () => {
    for (const role of ['anon', 'authenticated']) {
      await expect(
        sql.begin(async (tx) => {
          await tx.unsafe(`set local role ${role}`);
          return tx`select secret from private.auth_secrets where name = 'storage'`;
        }),
      ).rejects.toThrow(/permission denied/);
    }
  });

  it('admits only the names it knows', async () => {
    await expect(
      sql`insert into private.auth_secrets (name, secret) values ('other', ${Buffer.alloc(32)})`,
    ).rejects.toThrow(/auth_secrets_name_check/);
  });
});
