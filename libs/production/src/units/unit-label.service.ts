import { Injectable } from '@nestjs/common';
import { barcodePng, MM, RenderedLabel, renderPdf, stackPngs, zplText } from '@lt/labels';
import { UnitDetailDto } from './dto/unit.dto';

export const LABEL_FORMATS = ['zpl', 'pdf', 'png'] as const;
export type LabelFormat = (typeof LABEL_FORMATS)[number];

/** The unit label: model, then Code 128 barcodes of the serial and of each IMEI. */
@Injectable()
export class UnitLabelService {
  async render(unit: UnitDetailDto, format: LabelFormat): Promise<RenderedLabel> {
    const base = `label-${unit.serialNumber}`;
    if (format === 'zpl')
      return {
        contentType: 'text/plain; charset=utf-8',
        fileName: `${base}.zpl`,
        body: this.zpl(unit),
      };
    const codes = [unit.serialNumber, ...unit.imeis];
    const images = await Promise.all(codes.map((code) => barcodePng(code)));
    if (format === 'png')
      return { contentType: 'image/png', fileName: `${base}.png`, body: stackPngs(images) };
    const pdf = await renderPdf(
      { size: [100 * MM, (24 + codes.length * 22) * MM], margin: 4 * MM },
      (doc) => {
        doc.fontSize(11).text(`${unit.brand} ${unit.modelName}`, { continued: false });
        doc.fontSize(8).text(`S/N ${unit.serialNumber}  ·  ${unit.plantCode} ${unit.lineCode}`);
        codes.forEach((code, i) => {
          doc.moveDown(0.3);
          if (i > 0) doc.fontSize(7).text(`IMEI ${i}`);
          doc.image(images[i], { height: 16 * MM });
        });
      },
    );
    return { contentType: 'application/pdf', fileName: `${base}.pdf`, body: pdf };
  }

  private zpl(unit: UnitDetailDto): string {
    const lines = [
      '^XA',
      '^CI28',
      '^PW812',
      `^FO40,30^A0N,32,32^FD${zplText(`${unit.brand} ${unit.modelName}`)}^FS`,
    ];
    let y = 80;
    for (const [i, code] of [unit.serialNumber, ...unit.imeis].entries()) {
      lines.push(`^FO40,${y}^A0N,22,22^FD${i === 0 ? 'S/N' : `IMEI ${i}`}^FS`);
      lines.push(`^FO40,${y + 26}^BY2^BCN,70,Y,N,N^FD${zplText(code)}^FS`);
      y += 140;
    }
    lines.push('^XZ');
    return lines.join('\n') + '\n';
  }
}
