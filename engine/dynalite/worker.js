// Runs dynalite in a worker thread, so the DynamoDB emulation uses the second core. It serves the
// DynamoDB API on 127.0.0.1 (a free port) for any client, and the same request handler to the
// engine's own clients over the worker's message port: one HTTP request per message, answered
// with its status, headers and body, without a socket or an HTTP parser on either side.
// workerData: { path?: string } — a folder for persistent data (LevelDB); without it, in memory.
import { EventEmitter } from 'node:events';
import { parentPort, workerData } from 'node:worker_threads';
import dynalite from 'dynalite';

const path = workerData?.path;
const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...(path ? { path } : {}) });
const [handleRequest] = server.listeners('request');

server.listen(0, '127.0.0.1', () => {
  parentPort.postMessage({ listening: server.address().port });
});

parentPort.on('message', (message) => {
  if (message.close) {
    server.closeAllConnections();
    server.close(() => parentPort.postMessage({ closed: true }));
    return;
  }
  const { id, method, path: url, headers, body } = message;
  const request = Object.assign(new EventEmitter(), { method, url, headers });
  const response = {
    statusCode: 200,
    headers: {},
    setHeader(name, value) {
      this.headers[name.toLowerCase()] = String(value);
    },
    end(payload) {
      parentPort.postMessage({ id, statusCode: this.statusCode, headers: this.headers, body: payload ?? '' });
    },
  };
  // dynalite listens for the body as Node's HTTP server would deliver it: data, then end. What it
  // throws while validating fails this request only, as its HTTP server would answer a 500.
  try {
    handleRequest(request, response);
    if (body) request.emit('data', body);
    request.emit('end');
  } catch (error) {
    response.statusCode = 500;
    response.setHeader('content-type', 'application/x-amz-json-1.0');
    response.end(
      JSON.stringify({ __type: 'com.amazon.coral.service#InternalFailure', message: String(error) }),
    );
  }
});
