// My data as JSON: everything stored about the signed-in person, read as them
// under RLS (the GDPR right of access). Signed out → 401.
import type { APIRoute } from 'astro';
import { exportMyData } from '../../lib/registration/my-page.server.ts';

export const prerender = false;

export const GET: APIRoute = async ({ locals }) => {
  if (locals.claims.role !== 'authenticated') {
    return new Response(JSON.stringify({ error: 'sign_in_required' }), {
      status: 401,
      headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
    });
  }
  const data = await exportMyData(locals.claims);
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': 'attachment; filename="samspil-mine-data.json"',
      'cache-control': 'private, no-store',
    },
  });
};
