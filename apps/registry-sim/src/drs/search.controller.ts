import { Body, Controller, Post, Res } from '@nestjs/common';
import { Response } from 'express';
import { SearchService } from './search.service';

@Controller('api/v1/search')
export class SearchController {
  constructor(private readonly searchService: SearchService) {}

  @Post()
  async search(@Body() body: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const answer = await this.searchService.search(body ?? {});
    res.status(answer.status).type('application/json').send(JSON.stringify(answer.body));
  }
}
