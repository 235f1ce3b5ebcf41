import type { FastifyRequest } from 'fastify';
import { DomainError, InvalidInputError } from '@lt/core';

/** The largest CSV file accepted (100,000 IMEIs with a second column fit in well under it). */
export const MAX_CSV_UPLOAD_BYTES = 8 * 1024 * 1024;

/**
 * The one file sent as the multipart form field `field`; 400 naming the field when the
 * request is not a multipart form, holds no such file, or holds another file besides (a
 * second file would otherwise be ignored). A file over the limit is refused with 413 (by
 * @fastify/multipart, answered by the problem-details filter).
 */
export async function uploadedFile(request: FastifyRequest, field: string): Promise<Buffer> {
  const missing = () =>
    InvalidInputError.field(field, `attach the CSV file as the form field "${field}"`);
  const onlyOne = () =>
    InvalidInputError.field(field, `send one file, as the form field "${field}", and nothing else`);
  if (!request.isMultipart()) throw missing();
  let file: Buffer | undefined;
  try {
    for await (const part of request.parts()) {
      if (part.type !== 'file') continue;
      if (part.fieldname !== field || file) {
        // Read the refused file to its end, so the request ends and the connection is free.
        part.file.resume();
        throw part.fieldname !== field ? missing() : onlyOne();
      }
      file = await part.toBuffer();
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'FST_FILES_LIMIT' || code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT')
      throw onlyOne();
    // A form cut short or without its boundary: the parser's plain Error, with no status.
    if (error instanceof Error && !('statusCode' in error) && !(error instanceof DomainError))
      throw InvalidInputError.field(field, `could not be read: ${error.message}`);
    throw error;
  }
  if (!file) throw missing();
  return file;
}
