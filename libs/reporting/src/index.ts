export * from './reporting.module';
export * from './daily-output.service';
export * from './output-csv';
export * from './dto/daily-output.dto';
export * from './report-counts.service';
