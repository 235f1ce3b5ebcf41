import { HttpException } from '@nestjs/common';

/** An answer with DRS's exact body; the exception filter sends `body` unchanged as JSON. */
export class DrsError extends HttpException {
  constructor(
    status: number,
    readonly body: unknown,
  ) {
    super(body as Record<string, unknown>, status);
  }
}

export const unprocessable = (body: unknown): DrsError => new DrsError(422, body);

export const REG_NOT_FOUND = { message: ['Registration Request not found.'] };
export const DEREG_NOT_FOUND = { message: ['De-Registration Request not found.'] };
export const REPORT_NOT_FOUND = { message: ['Report not found.'] };
export const REPORT_NOT_ALLOWED = { message: ['Report not allowed.'] };
export const REQUEST_FAILED = {
  message: ['Registration request failed, check upload path or database connection'],
};
export const RETRIEVE_FAILED = { message: ['Failed to retrieve response, please try later'] };
export const DEVICE_ADDITION_FAILED = { message: 'request device addition failed' };
export const INTERNAL_ERROR = { message: 'internal server error', status_code: 500 };
