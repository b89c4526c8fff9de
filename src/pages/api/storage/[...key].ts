// A signed link to a file in the local folder (embedded mode): the signature
// and expiry are checked before a byte is read. With Supabase Storage, links
// point at Supabase and this route answers 404.
import type { APIRoute } from 'astro';
import { serveLocalObject } from '../../../lib/storage/storage.server.ts';

export const GET: APIRoute = ({ params, url }) => serveLocalObject(params.key ?? '', url.searchParams);
