import { once } from 'node:events';
import type { Server } from 'node:http';
import { AddressInfo, connect, Socket } from 'node:net';
import { ApiHarness } from './api-harness';

/**
 * A plain TCP connection to the API, for what supertest cannot do: send a body before
 * reading, or leave mid-answer. The API listens on a free port until `close`, which waits
 * for the server to have stopped, so supertest can start it again in the next test.
 */
export async function rawSocket(
  api: ApiHarness,
): Promise<{ socket: Socket; close: () => Promise<void> }> {
  const server = api.app.getHttpServer() as Server;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const socket = connect((server.address() as AddressInfo).port, '127.0.0.1');
  await once(socket, 'connect');
  return {
    socket,
    close: async () => {
      socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
