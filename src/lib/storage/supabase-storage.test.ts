// The Supabase Storage adapter through the official client, against a small
// HTTP server that keeps objects the way Storage's REST API does (the three
// calls the port makes): what reaches it, and what the port answers.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StorageUnavailableError } from './port.ts';
import { supabaseStorage } from './supabase-storage.server.ts';

const KEY = 'materials/e1/0b6f4a0e-3c1d-4f5e-9a7b-2c8d1e0f3a4b.pdf';
const objects = new Map<string, { bytes: Buffer; type: string; cacheControl: string }>();
const authorisations: string[] = [];
let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      authorisations.push(String(req.headers.authorization));
      const body = Buffer.concat(chunks);
      const url = new URL(req.url ?? '/', 'http://x');
      const send = (status: number, json: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(json));
      };
      const upload = url.pathname.match(/^\/storage\/v1\/object\/(?!sign\/)([^/]+)\/(.+)$/);
      const sign = url.pathname.match(/^\/storage\/v1\/object\/sign\/([^/]+)\/(.+)$/);
      const remove = url.pathname.match(/^\/storage\/v1\/object\/([^/]+)$/);
      if (req.method === 'POST' && upload) {
        const name = `${upload[1]}/${upload[2]}`;
        if (objects.has(name) && req.headers['x-upsert'] !== 'true')
          return send(409, { statusCode: '409', error: 'Duplicate', message: 'The resource already exists' });
        objects.set(name, {
          bytes: body,
          type: String(req.headers['content-type']),
          cacheControl: String(req.headers['cache-control']),
        });
        return send(200, { Key: name, Id: 'id' });
      }
      if (req.method === 'POST' && sign) {
        const name = `${sign[1]}/${sign[2]}`;
        if (!objects.has(name))
          return send(400, { statusCode: '404', error: 'not_found', message: 'Object not found' });
        const { expiresIn } = JSON.parse(body.toString()) as { expiresIn: number };
        return send(200, { signedURL: `/object/sign/${name}?token=t${expiresIn}` });
      }
      if (req.method === 'DELETE' && remove) {
        const { prefixes } = JSON.parse(body.toString()) as { prefixes: string[] };
        for (const prefix of prefixes) objects.delete(`${remove[1]}/${prefix}`);
        return send(200, []);
      }
      send(404, { message: 'no route' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

describe('Supabase Storage through @supabase/supabase-js', () => {
  it('uploads with the sniffed type, signs a link with a download name, and removes', async () => {
    const store = supabaseStorage({ url: base, serviceRoleKey: 'service-key', bucket: 'samspil' });
    const bytes = new TextEncoder().encode('%PDF-1.4\n%%EOF\n');
    await store.put(KEY, bytes, 'application/pdf');
    expect(objects.get(`samspil/${KEY}`)).toMatchObject({ type: 'application/pdf', cacheControl: 'max-age=86400' });
    expect(Buffer.from(objects.get(`samspil/${KEY}`)!.bytes).toString()).toBe('%PDF-1.4\n%%EOF\n');
    expect(authorisations.at(-1)).toBe('Bearer service-key');

    const url = new URL(await store.signedUrl(KEY, { expiresInSeconds: 300, downloadName: 'Slides.pdf' }));
    expect(url.origin + url.pathname).toBe(`${base}/storage/v1/object/sign/samspil/${KEY}`);
    expect(url.searchParams.get('token')).toBe('t300');
    expect(url.searchParams.get('download')).toBe('Slides.pdf');

    await store.remove([KEY]);
    expect(objects.has(`samspil/${KEY}`)).toBe(false);
  });

  it('never overwrites, and reports the service’s failures as StorageUnavailableError', async () => {
    const store = supabaseStorage({ url: base, serviceRoleKey: 'service-key', bucket: 'samspil' });
    const bytes = new Uint8Array([1]);
    await store.put(KEY, bytes, 'application/pdf');
    await expect(store.put(KEY, bytes, 'application/pdf')).rejects.toBeInstanceOf(StorageUnavailableError);
    await store.remove([KEY]);
    await expect(store.signedUrl(KEY, { expiresInSeconds: 60 })).rejects.toBeInstanceOf(StorageUnavailableError);
  });
});
