// The takeaways' file responses: private, never cached, downloaded.
import { icsFileName } from '../calendar/calendar.ts';

export function pdfResponse(pdf: Uint8Array, baseName: string): Response {
  const fileName = icsFileName(baseName).replace(/\.ics$/, '.pdf');
  return new Response(pdf as Uint8Array<ArrayBuffer>, {
    headers: {
      'content-type': 'application/pdf',
      'cache-control': 'private, no-store',
      'content-disposition': `attachment; filename="${fileName}"`,
    },
  });
}

export function plainResponse(text: string, status: number): Response {
  return new Response(text, {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'private, no-store' },
  });
}
