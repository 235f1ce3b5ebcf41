import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  Logger,
  NotFoundException,
} from '@nestjs/common';
import { Request, Response } from 'express';
import { WerkzeugBadRequest } from '../core/werkzeug-error';
import { DrsError } from './drs-error';
import { failureBodyFor, pathIsKnown } from './route-table';

/**
 * Turns every error into DRS's answers: our DrsError bodies as they are, Nest's route misses into
 * DRS's 404/405 (flask-restful CustomErrors for 405, the app 404 handler whose message key is unset),
 * anything unexpected into the endpoint's own 500 body.
 */
@Catch()
export class DrsExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('RegistrySim');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    if (res.headersSent) return;
    if (error instanceof WerkzeugBadRequest) {
      res.status(400).type('text/html; charset=utf-8').send(error.html());
      return;
    }
    if (error instanceof DrsError) {
      res.status(error.getStatus()).json(error.body);
      return;
    }
    if (error instanceof NotFoundException) {
      if (pathIsKnown(req.path))
        res.status(405).json({ message: 'method not allowed', status: 405 });
      else res.status(404).json({ message: null, status_code: 404 });
      return;
    }
    if (error instanceof HttpException && error.getStatus() < 500) {
      res
        .status(error.getStatus())
        .json({ message: error.message, status_code: error.getStatus() });
      return;
    }
    this.logger.error(
      `${req.method} ${req.path} failed: ${(error as Error)?.stack ?? String(error)}`,
    );
    res.status(500).json(failureBodyFor(req.method, req.path));
  }
}
