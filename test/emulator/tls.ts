import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface ServerCertificate {
  readonly caPem: string;
  readonly caFile: string;
  readonly certPem: string;
  readonly keyPem: string;
}

const SERVER_EXTENSIONS = [
  'basicConstraints = critical, CA:FALSE',
  'keyUsage = critical, digitalSignature, keyEncipherment',
  'extendedKeyUsage = serverAuth',
  'subjectAltName = IP:127.0.0.1, DNS:localhost',
].join('\n');

/**
 * Creates a throw-away CA and a certificate for 127.0.0.1 signed by it, with the openssl
 * command line tool, in `dir`. P-256 keys keep this fast; both are valid for two days.
 */
export async function createServerCertificate(dir: string): Promise<ServerCertificate> {
  const path = (name: string) => join(dir, name);
  const ecKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  await run('openssl', [
    'req', '-x509', ...ecKey, '-days', '2', '-subj', '/CN=eks-emulator-ca',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
    '-keyout', path('ca.key'), '-out', path('ca.crt'),
  ]);
  await run('openssl', [
    'req', '-new', ...ecKey, '-subj', '/CN=127.0.0.1', '-keyout', path('server.key'), '-out', path('server.csr'),
  ]);
  await writeFile(path('server.ext'), `${SERVER_EXTENSIONS}\n`);
  await run('openssl', [
    'x509', '-req', '-in', path('server.csr'), '-CA', path('ca.crt'), '-CAkey', path('ca.key'),
    '-CAcreateserial', '-days', '2', '-extfile', path('server.ext'), '-out', path('server.crt'),
  ]);
  const [caPem, certPem, keyPem] = await Promise.all(
    ['ca.crt', 'server.crt', 'server.key'].map((name) => readFile(path(name), 'utf8')),
  );
  return { caPem: caPem!, caFile: path('ca.crt'), certPem: certPem!, keyPem: keyPem! };
}
