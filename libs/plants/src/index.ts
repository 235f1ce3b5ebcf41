export * from './plant.entity';
export * from './line.entity';
export * from './shift-schedule';
export * from './dto/plant.dto';
export * from './dto/line.dto';
export * from './plants.service';
export * from './lines.service';
export * from './plants.module';
