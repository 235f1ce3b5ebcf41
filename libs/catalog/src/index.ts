export * from './stage-code';
export * from './device-model.entity';
export * from './defect-code.entity';
export * from './dto/device-model.dto';
export * from './dto/defect-code.dto';
export * from './device-models.service';
export * from './defect-codes.service';
export * from './catalog.module';
