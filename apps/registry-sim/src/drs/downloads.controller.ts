import { Controller, Get, Query, Res } from '@nestjs/common';
import { Response } from 'express';
import { DownloadFile, ReportService } from './report.service';

@Controller('api/v1')
export class DownloadsController {
  constructor(private readonly reports: ReportService) {}

  @Get('files/download')
  async file(@Query('path') path: unknown, @Res() res: Response): Promise<void> {
    send(res, await this.reports.file(path));
  }

  @Get('report/download')
  async report(@Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    send(res, await this.reports.report(query));
  }
}

function send(res: Response, file: DownloadFile): void {
  res.status(200).attachment(file.name).type(file.contentType).send(file.content);
}
