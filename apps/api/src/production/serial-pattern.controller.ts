import { Body, Controller, Get, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { Actor, ANY_USER, CurrentActor, Roles } from '@lt/auth';
import { DEFAULT_SERIAL_PATTERN, SerialPatternsService } from '@lt/production';

class SerialPatternDto {
  @ApiProperty({
    example: DEFAULT_SERIAL_PATTERN,
    description:
      'Tokens: {PLANT} {LINE} {YYYY} {YY} {MM} {DD} {DOY} {SEQ:n}; must name plant, line, year and day',
  })
  @IsString()
  @Length(1, 100)
  pattern: string;
}

class SerialPatternAnswer {
  @ApiProperty() plantId: string;
  @ApiProperty({ nullable: true, type: String }) pattern: string | null;
}

@ApiTags('plants')
@ApiBearerAuth()
@Controller('plants/:id/serial-pattern')
export class SerialPatternController {
  constructor(private readonly patterns: SerialPatternsService) {}

  @Get()
  @Roles(...ANY_USER)
  @ApiOkResponse({ type: SerialPatternAnswer })
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.patterns.get(id);
  }

  @Put()
  @Roles('ADMIN', 'MANAGER')
  @ApiOkResponse({ type: SerialPatternAnswer })
  set(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: SerialPatternDto,
  ) {
    return this.patterns.set(actor, id, body.pattern);
  }
}
