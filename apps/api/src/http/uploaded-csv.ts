import type { FastifyRequest } from 'fastify';
import { DomainError, InvalidInputError } from '@lt/core';

/** The largest CSV file accepted (100,000 IMEIs with a second column fit in well under it). */
export const MAX_CSV_UPLOAD_BYTES = 8 * 1024 * 1024;

/**
 * The file sent as the multipart form field `field`; 400 naming the field when the request
 * is not a multipart form or holds no such file. A file over the limit is refused with 413
 * (by @fastify/multipart, answered by the problem-details filter).
 */
export async function uploadedFile(request: FastifyRequest, field: string): Promise<Buffer> {
  const missing = () =>
    InvalidInputError.field(field, `attach the CSV file as the form field "${field}"`);
  if (!request.isMultipart()) throw missing();
  try {
    const part = await request.file();
    if (!part || part.fieldname !== field) throw missing();
    return await part.toBuffer();
  } catch (error) {
    // A form cut short or without its boundary: the parser's plain Error, with no status.
    if (error instanceof Error && !('statusCode' in error) && !(error instanceof DomainError))
      throw InvalidInputError.field(field, `could not be read: ${error.message}`);
    throw error;
  }
}
