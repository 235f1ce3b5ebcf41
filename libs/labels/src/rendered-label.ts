/** A label rendered in one format (PDF, PNG or ZPL), with the name to save it under. */
export interface RenderedLabel {
  contentType: string;
  fileName: string;
  body: Buffer | string;
}
