import PDFDocument from 'pdfkit';
import { parsedJapaneseFonts } from './fonts.ts';

/**
 * A pdfkit document set up for Japanese: the BIZ UDPGothic regular and bold fonts registered as
 * 'R' and 'B' (and used from the start, so pdfkit never loads Helvetica), and `done`, which resolves
 * with the whole file once `doc.end()` is called.
 */
export function japaneseDocument(opts: PDFKit.PDFDocumentOptions): { doc: PDFKit.PDFDocument; done: Promise<Buffer> } {
  const { regular, bold } = parsedJapaneseFonts();
  // The typings say `font` is a file name; pdfkit accepts a font like registerFont does.
  const doc = new PDFDocument({ ...opts, font: regular as unknown as string });
  doc.registerFont('R', regular);
  doc.registerFont('B', bold);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return { doc, done };
}
