/** The multer fields the sim reads (no @types/multer in the repo). */
export interface UploadedPart {
  fieldname: string;
  originalname: string;
  buffer: Buffer;
  size: number;
}

export const partNamed = (
  parts: UploadedPart[] | undefined,
  name: string,
): UploadedPart | undefined => (parts ?? []).find((part) => part.fieldname === name);

export type FormBody = Record<string, unknown>;
