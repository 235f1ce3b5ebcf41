import { DrsError } from '../http/drs-error';

/** Core answers its 400s with werkzeug's HTML page, not JSON. */
export class WerkzeugBadRequest extends DrsError {
  constructor(readonly description: string) {
    super(400, description);
  }

  html(): string {
    return `<!doctype html>\n<html lang=en>\n<title>400 Bad Request</title>\n<h1>Bad Request</h1>\n<p>${this.description}</p>\n`;
  }
}
