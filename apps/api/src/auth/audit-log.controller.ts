import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuditLogService, AuditPageDto, AuditQuery, Roles } from '@lt/auth';

@ApiTags('audit-log')
@ApiBearerAuth()
@Roles('ADMIN', 'MANAGER')
@Controller('audit-log')
export class AuditLogController {
  constructor(private readonly audit: AuditLogService) {}

  @Get()
  @ApiOkResponse({ type: AuditPageDto })
  list(@Query() query: AuditQuery) {
    return this.audit.list(query);
  }
}
