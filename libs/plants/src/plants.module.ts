import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Line } from './line.entity';
import { LinesService } from './lines.service';
import { Plant } from './plant.entity';
import { PlantsService } from './plants.service';

/** Plants and their lines. */
@Module({
  imports: [TypeOrmModule.forFeature([Plant, Line])],
  providers: [PlantsService, LinesService],
  exports: [PlantsService, LinesService],
})
export class PlantsModule {}
