import bwipjs from 'bwip-js';

export type Symbology = 'code128' | 'gs1-128';

/** A barcode as a PNG, with its human-readable text underneath, drawn by bwip-js. */
export function barcodePng(
  text: string,
  symbology: Symbology = 'code128',
  opts: { scale?: number; height?: number } = {},
): Promise<Buffer> {
  return bwipjs.toBuffer({
    bcid: symbology,
    text,
    scale: opts.scale ?? 2,
    height: opts.height ?? 10,
    includetext: true,
    textxalign: 'center',
    backgroundcolor: 'FFFFFF',
    paddingwidth: 4,
    paddingheight: 2,
  });
}
