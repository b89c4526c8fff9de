// Reading a downloaded PDF in a test, as a person's PDF reader would show it.
import { readFile } from 'node:fs/promises';

/** The text of every page of a PDF, and the links it holds, read with pdf.js. */
export async function readPdf(path: string): Promise<{ text: string; links: string[] }> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const document = await pdfjs.getDocument({ data: new Uint8Array(await readFile(path)), verbosity: 0 }).promise;
  let text = '';
  const links: string[] = [];
  for (let number = 1; number <= document.numPages; number++) {
    const page = await document.getPage(number);
    const content = await page.getTextContent();
    text += content.items.map((item) => ('str' in item ? item.str : '')).join(' ');
    for (const annotation of await page.getAnnotations()) if (annotation.url) links.push(annotation.url as string);
  }
  await document.destroy();
  return { text: text.replace(/\s+/g, ' '), links };
}
