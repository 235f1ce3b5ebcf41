import { PNG } from 'pngjs';

/** Stacks PNG images top to bottom on a white page, left-aligned with a margin. */
export function stackPngs(images: Buffer[], margin = 12): Buffer {
  const decoded = images.map((image) => PNG.sync.read(image));
  const width = Math.max(...decoded.map((d) => d.width)) + 2 * margin;
  const height = decoded.reduce((sum, d) => sum + d.height + margin, margin);
  const page = new PNG({ width, height });
  page.data.fill(255);
  let top = margin;
  for (const image of decoded) {
    PNG.bitblt(image, page, 0, 0, image.width, image.height, margin, top);
    top += image.height + margin;
  }
  return PNG.sync.write(page);
}
