// Preloaded into the test process and into every process the tests spawn
// (NODE_OPTIONS=--import=<this file>). eks-recover's defaults point at real AWS, so a test
// that forgets an endpoint override must fail loudly here instead of sending traffic.
// Only TCP connections to 127.0.0.1 are allowed; Unix sockets and pipes are local by nature.
import net from 'node:net';
import tls from 'node:tls';

const ALLOWED_HOSTS = new Set(['127.0.0.1', '::ffff:127.0.0.1']);

function describeTarget(args) {
  const first = args[0];
  if (Array.isArray(first)) return describeTarget(first);
  if (first !== null && typeof first === 'object') {
    if (first.path) return { path: first.path };
    return { host: first.host ?? 'localhost', port: first.port };
  }
  if (typeof first === 'string' && Number.isNaN(Number(first))) return { path: first };
  return { host: typeof args[1] === 'string' ? args[1] : 'localhost', port: first };
}

export function assertLoopback(args) {
  const target = describeTarget(args);
  if (target.path !== undefined) return;
  if (ALLOWED_HOSTS.has(String(target.host))) return;
  const message = `loopback guard: blocked a connection to ${target.host}:${target.port}; set an explicit 127.0.0.1 endpoint in this test`;
  process.stderr.write(`${message}\n`);
  throw new Error(message);
}

const originalSocketConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  assertLoopback(args);
  return originalSocketConnect.apply(this, args);
};

const originalTlsConnect = tls.connect;
tls.connect = function guardedTlsConnect(...args) {
  const options = args[0];
  if (options !== null && typeof options === 'object' && options.socket === undefined) {
    assertLoopback(args);
  }
  return originalTlsConnect.apply(this, args);
};
