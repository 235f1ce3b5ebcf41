import { Injectable } from '@nestjs/common';
import { barcodePng, MM, RenderedLabel, renderPdf, zplText } from '@lt/labels';
import { CartonDetailDto, CartonLabelFormat } from './dto/carton.dto';
import { formatSscc } from './sscc';

/**
 * The carton label (100 x 150 mm, a GS1 logistic label's size): the SSCC as a GS1-128
 * barcode with AI (00), the lot, and the IMEIs of the units inside.
 */
@Injectable()
export class CartonLabelService {
  async render(carton: CartonDetailDto, format: CartonLabelFormat): Promise<RenderedLabel> {
    const base = `carton-${carton.sscc}`;
    if (format === 'zpl')
      return {
        contentType: 'text/plain; charset=utf-8',
        fileName: `${base}.zpl`,
        body: this.zpl(carton),
      };
    const barcode = await barcodePng(`(00)${carton.sscc}`, 'gs1-128', { scale: 3, height: 18 });
    const imeis = carton.units.flatMap((u) => u.imeis);
    const pdf = await renderPdf({ size: [100 * MM, 150 * MM], margin: 4 * MM }, (doc) => {
      doc.fontSize(9).text(`Lot ${carton.lotNumber}   ${carton.units.length} units`);
      doc.fontSize(8).text(`SSCC ${formatSscc(carton.sscc)}`);
      doc.moveDown(0.3).image(barcode, { width: 92 * MM });
      doc.moveDown(0.5).fontSize(7).text('IMEI');
      const columns = 3;
      const top = doc.y;
      const width = (92 * MM) / columns;
      imeis.forEach((imei, i) => {
        doc.text(imei, 4 * MM + (i % columns) * width, top + Math.floor(i / columns) * 9, {
          width,
          lineBreak: false,
        });
      });
    });
    return { contentType: 'application/pdf', fileName: `${base}.pdf`, body: pdf };
  }

  private zpl(carton: CartonDetailDto): string {
    const lines = [
      '^XA',
      '^CI28',
      '^PW812',
      '^LL1218',
      `^FO40,30^A0N,30,30^FD${zplText(`Lot ${carton.lotNumber}  ${carton.units.length} units`)}^FS`,
      `^FO40,70^A0N,24,24^FD${zplText(`SSCC ${formatSscc(carton.sscc)}`)}^FS`,
      // Code 128 in UCC/EAN mode (D): the (00) AI in the data becomes FNC1 + 00.
      `^FO40,110^BY3^BCN,160,Y,N,N,D^FD(00)${carton.sscc}^FS`,
      '^FO40,330^A0N,22,22^FDIMEI^FS',
    ];
    const imeis = carton.units.flatMap((u) => u.imeis);
    imeis.forEach((imei, i) => {
      const x = 40 + (i % 3) * 250;
      const y = 360 + Math.floor(i / 3) * 26;
      lines.push(`^FO${x},${y}^A0N,20,20^FD${imei}^FS`);
    });
    lines.push('^XZ');
    return lines.join('\n') + '\n';
  }
}
