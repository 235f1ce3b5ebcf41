import type { FastifyReply } from 'fastify';
import type { RenderedLabel } from '@lt/labels';

/** Sends a label to be shown (inline) rather than saved, under its own file name. */
export function sendLabel(res: FastifyReply, label: RenderedLabel): void {
  void res
    .type(label.contentType)
    .header('Content-Disposition', `inline; filename="${label.fileName}"`)
    .send(label.body);
}
