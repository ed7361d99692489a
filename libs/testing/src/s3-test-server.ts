import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';

export interface S3TestServer {
  url: string;
  /** By `/<bucket>/<key>`. */
  objects: Map<string, { bytes: Buffer; type: string }>;
  close(): Promise<void>;
}

const bodyOf = (req: IncomingMessage) =>
  new Promise<Buffer>((resolve) => {
    const parts: Buffer[] = [];
    req.on('data', (d) => parts.push(d)).on('end', () => resolve(Buffer.concat(parts)));
  });

/**
 * A small S3-compatible server for tests: path-style PUT, GET and DELETE of objects, answering as
 * MinIO does (a NoSuchKey error body for a missing key), and refusing requests not signed with
 * Signature V4 by the expected access key.
 */
export async function startS3TestServer(accessKeyId: string): Promise<S3TestServer> {
  const objects = new Map<string, { bytes: Buffer; type: string }>();
  const server: Server = createServer(async (req, res) => {
    const key = decodeURIComponent(new URL(req.url!, 'http://s3').pathname);
    if (!req.headers.authorization?.startsWith(`AWS4-HMAC-SHA256 Credential=${accessKeyId}/`)) return res.writeHead(403).end();
    if (req.method === 'PUT') {
      objects.set(key, { bytes: await bodyOf(req), type: String(req.headers['content-type']) });
      return res.writeHead(200, { ETag: '"1"' }).end();
    }
    if (req.method === 'GET') {
      const o = objects.get(key);
      if (!o) return res.writeHead(404, { 'Content-Type': 'application/xml' }).end('<?xml version="1.0"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>');
      return res.writeHead(200, { 'Content-Type': o.type, 'Content-Length': o.bytes.length }).end(o.bytes);
    }
    if (req.method === 'DELETE') {
      objects.delete(key);
      return res.writeHead(204).end();
    }
    res.writeHead(405).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    objects,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
