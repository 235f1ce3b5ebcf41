export * from './work-order.entity';
export * from './dto/work-order.dto';
export * from './work-orders.service';
export * from './work-orders.module';
