import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let fonts: { regular: Buffer; bold: Buffer } | undefined;

/**
 * BIZ UDPGothic (a Japanese UD font shipped as an npm package, OFL), regular and bold, read once
 * (about 9 MB); pdfkit embeds only the glyphs a document uses.
 */
export function japaneseFonts(): { regular: Buffer; bold: Buffer } {
  fonts ??= {
    regular: readFileSync(require.resolve('@expo-google-fonts/biz-udpgothic/400Regular/BIZUDPGothic_400Regular.ttf')),
    bold: readFileSync(require.resolve('@expo-google-fonts/biz-udpgothic/700Bold/BIZUDPGothic_700Bold.ttf')),
  };
  return fonts;
}

/** The fontkit pdfkit itself uses (resolved from pdfkit's own location, so always the same copy). */
const fontkit = createRequire(require.resolve('pdfkit'))('fontkit') as { create(buffer: Uint8Array): { layout(text: string): unknown } };
let parsed: { regular: PDFKit.Mixins.PDFFontSource; bold: PDFKit.Mixins.PDFFontSource } | undefined;

/**
 * The same fonts parsed once per process. Registering the raw buffers makes pdfkit parse a ~4.5 MB
 * TrueType font twice per PDF (tables, glyph metrics, shaping), and a weekly sending run makes
 * thousands of PDFs. pdfkit accepts an already parsed fontkit font and still makes a fresh subset
 * per document, so the shared object only carries fontkit's caches.
 */
export function parsedJapaneseFonts() {
  if (!parsed) {
    const { regular, bold } = japaneseFonts();
    // pdfkit's typings only list file names and buffers; the parsed font is accepted at run time.
    parsed = { regular: fontkit.create(regular) as unknown as PDFKit.Mixins.PDFFontSource, bold: fontkit.create(bold) as unknown as PDFKit.Mixins.PDFFontSource };
  }
  return parsed;
}
