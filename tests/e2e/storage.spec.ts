// The storage port's local folder through the built server: a signed link
// opens the file with safe headers; a changed or expired link does not; an
// upload body over the limit is refused before it is read.
import { request as httpRequest } from 'node:http';
import { connect } from '../../src/lib/db/db.server.ts';
import { localFolderStore } from '../../src/lib/storage/local-folder.server.ts';
import { signObjectPath } from '../../src/lib/storage/signed-url.ts';
import { sharedStorageSecret, storeUpload } from '../../src/lib/storage/storage.server.ts';
import { MULTIPART_BODY_LIMIT_BYTES } from '../../src/lib/limits/uploads.ts';
import { expect, test } from './fixtures.ts';

const PDF = '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n';

async function storedPdf() {
  const url = process.env.E2E_DATABASE_URL;
  const root = process.env.E2E_STORAGE_DIR;
  if (!url || !root) throw new Error('E2E_DATABASE_URL / E2E_STORAGE_DIR not set: run through `npx playwright test`.');
  const db = connect(url, { max: 1 });
  try {
    const secret = await sharedStorageSecret(db);
    const store = localFolderStore({ root, secret: async () => secret });
    const stored = await storeUpload(
      {
        bytes: new TextEncoder().encode(PDF),
        declaredName: 'Oplæg dag 1.pdf',
        kind: 'material',
        prefix: 'e2e/storage',
      },
      store,
    );
    if (!stored.ok) throw new Error(stored.code);
    return { store, secret, key: stored.object.key };
  } finally {
    await db.end();
  }
}

test('a signed link opens the file; a changed or expired one does not', async ({ request }) => {
  const { store, secret, key } = await storedPdf();
  const link = await store.signedUrl(key, { expiresInSeconds: 300, downloadName: 'Oplæg dag 1.pdf' });
  const response = await request.get(link);
  expect(response.status()).toBe(200);
  expect(await response.text()).toBe(PDF);
  expect(response.headers()['content-type']).toBe('application/pdf');
  expect(response.headers()['content-disposition']).toBe(
    `attachment; filename*=UTF-8''${encodeURIComponent('Oplæg dag 1.pdf')}`,
  );
  expect(response.headers()['x-content-type-options']).toBe('nosniff');
  expect(response.headers()['cache-control']).toMatch(/^private, max-age=\d+$/);

  expect((await request.get(link.replace(/sig=[^&]+/, 'sig=AAAA'))).status()).toBe(403);
  expect((await request.get(link.replace('Opl', 'Xpl'))).status()).toBe(403);
  const expired = signObjectPath(secret, { key, expires: Math.floor(Date.now() / 1000) - 1 });
  expect((await request.get(expired)).status()).toBe(410);
  expect((await request.get('/api/storage/..%2F..%2Fetc%2Fpasswd?exp=1&sig=x')).status()).toBe(404);

  await store.remove([key]);
  expect((await request.get(link)).status()).toBe(404);
});

test('an upload body over the limit is refused before it is read', async ({ baseURL }) => {
  // Declares a body over the limit and sends none of it: the answer must come anyway.
  const url = new URL('/konsol?_action=anything', baseURL);
  const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = httpRequest(url, {
      method: 'POST',
      headers: {
        'content-type': 'multipart/form-data; boundary=x',
        'content-length': String(MULTIPART_BODY_LIMIT_BYTES + 1),
        accept: 'text/html',
      },
    });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.flushHeaders();
  });
  expect(answer.status).toBe(413);
  expect(answer.body).toContain('Filen er for stor. Filer må højst fylde 25 MB.');
});
