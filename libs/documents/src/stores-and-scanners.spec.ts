import { AddressInfo, createServer as createTcpServer, Server as TcpServer } from 'node:net';
import { startS3TestServer } from '@mutuals/testing';
import { DocumentChecks } from './document-check';
import { S3DocumentStore } from './document-store';
import { minimalPdf } from './test-files';
import { ClamdScanner, CommandScanner } from './virus-scanner';

/** A fake clamd speaking INSTREAM: reads the chunks to the zero length, then answers as clamd does. */
async function fakeClamd(answer: (bytes: Buffer) => string | null): Promise<{ server: TcpServer; port: number; received: Buffer[] }> {
  const received: Buffer[] = [];
  const server = createTcpServer((socket) => {
    let buffer = Buffer.alloc(0);
    socket.on('data', (d) => {
      buffer = Buffer.concat([buffer, d]);
      if (!buffer.subarray(0, 10).equals(Buffer.from('zINSTREAM\0'))) return;
      let at = 10;
      const file: Buffer[] = [];
      while (at + 4 <= buffer.length) {
        const size = buffer.readUInt32BE(at);
        if (size === 0) {
          const bytes = Buffer.concat(file);
          received.push(bytes);
          const reply = answer(bytes);
          if (reply === null) return socket.destroy();
          return socket.end(`stream: ${reply}\0`);
        }
        if (at + 4 + size > buffer.length) return;
        file.push(buffer.subarray(at + 4, at + 4 + size));
        at += 4 + size;
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.address() as AddressInfo).port, received };
}

describe('S3 document store against an S3-compatible server', () => {
  it('puts, gets and deletes an object in the bucket, signed with the configured credentials', async () => {
    const s3 = await startS3TestServer('test-key');
    const store = new S3DocumentStore({ endpoint: s3.url, bucket: 'mutuals-documents', region: 'eu-west-2' }, { AWS_ACCESS_KEY_ID: 'test-key', AWS_SECRET_ACCESS_KEY: 'secret' } as NodeJS.ProcessEnv);
    try {
      const pdf = minimalPdf();
      await store.put('applications/doc-1', pdf, 'application/pdf');
      expect(s3.objects.get('/mutuals-documents/applications/doc-1')).toEqual({ bytes: pdf, type: 'application/pdf' });
      expect(await store.get('applications/doc-1')).toEqual(pdf);
      await store.delete('applications/doc-1');
      expect(await store.get('applications/doc-1')).toBeUndefined();
    } finally {
      store.destroy();
      await s3.close();
    }
  });
});

describe('virus scanning', () => {
  const limits = { maxBytes: 1024 * 1024, maxTotalBytes: 5 * 1024 * 1024 };
  const file = (buffer: Buffer) => ({ originalname: 'plan.pdf', buffer, size: buffer.length });

  it('sends the whole file to clamd and stores a clean one', async () => {
    const clamd = await fakeClamd(() => 'OK');
    try {
      const pdf = Buffer.concat([minimalPdf(), Buffer.alloc(200_000, 0x20)]);
      const checked = await new DocumentChecks(limits, new ClamdScanner('127.0.0.1', clamd.port)).check(file(pdf), ['pdf'], 0);
      expect(clamd.received).toEqual([pdf]);
      expect(checked).toMatchObject({ name: 'plan.pdf', type: 'pdf', sizeBytes: pdf.length });
    } finally {
      clamd.server.close();
    }
  });

  it('refuses an infected file, saying it was scanned', async () => {
    const clamd = await fakeClamd(() => 'Eicar-Test-Signature FOUND');
    try {
      await expect(new DocumentChecks(limits, new ClamdScanner('127.0.0.1', clamd.port)).check(file(minimalPdf()), ['pdf'], 0)).rejects.toMatchObject({
        code: 'document-infected',
        message: 'The file was scanned for viruses and refused: Eicar-Test-Signature',
      });
    } finally {
      clamd.server.close();
    }
  });

  it('refuses a file it could not scan: the scanner hangs up, or is not there', async () => {
    const clamd = await fakeClamd(() => null);
    try {
      await expect(new DocumentChecks(limits, new ClamdScanner('127.0.0.1', clamd.port)).check(file(minimalPdf()), ['pdf'], 0)).rejects.toMatchObject({ code: 'document-not-scanned' });
    } finally {
      clamd.server.close();
    }
    await expect(new DocumentChecks(limits, new ClamdScanner('127.0.0.1', 1)).check(file(minimalPdf()), ['pdf'], 0)).rejects.toMatchObject({
      code: 'document-not-scanned',
      message: expect.stringContaining('could not be scanned for viruses'),
    });
  });

  it('runs a command with the file on standard input: 0 clean, 1 infected, else unscannable', async () => {
    const checks = (command: string) => new DocumentChecks(limits, new CommandScanner(command));
    await expect(checks('grep -q "%PDF" && exit 0 || exit 2').check(file(minimalPdf()), ['pdf'], 0)).resolves.toMatchObject({ type: 'pdf' });
    await expect(checks('cat >/dev/null; echo "stdin: Win.Test FOUND"; exit 1').check(file(minimalPdf()), ['pdf'], 0)).rejects.toMatchObject({ code: 'document-infected' });
    await expect(checks('cat >/dev/null; exit 2').check(file(minimalPdf()), ['pdf'], 0)).rejects.toMatchObject({ code: 'document-not-scanned' });
  });
});

describe('the checks before anything is stored', () => {
  const checks = new DocumentChecks({ maxBytes: 1000, maxTotalBytes: 2500 });
  const file = (buffer: Buffer, originalname = 'file.pdf') => ({ originalname, buffer, size: buffer.length });

  it('refuses a type the record does not accept, naming those it does', async () => {
    await expect(checks.check(file(Buffer.from('a,b\n1,2\n'), 'costs.csv'), ['pdf', 'docx'], 0)).rejects.toMatchObject({
      code: 'document-type-not-allowed',
      message: 'The file is a CSV file; only PDF or Word (DOCX) files are accepted',
    });
  });

  it('refuses a file over the size limit, and one that would take the record past its total', async () => {
    await expect(checks.check(file(Buffer.alloc(1001, 0x41)), ['csv'], 0)).rejects.toMatchObject({ code: 'document-too-large' });
    await expect(checks.check(file(Buffer.alloc(600, 0x41), 'a.csv'), ['csv'], 2000)).rejects.toMatchObject({ code: 'documents-total-too-large' });
    await expect(checks.check(file(Buffer.alloc(500, 0x41), 'a.csv'), ['csv'], 2000)).resolves.toMatchObject({ type: 'csv', name: 'a.csv', sizeBytes: 500 });
  });

  it('refuses an empty upload or none', async () => {
    await expect(checks.check(undefined, ['pdf'], 0)).rejects.toMatchObject({ code: 'document-missing' });
    await expect(checks.check(file(Buffer.alloc(0)), ['pdf'], 0)).rejects.toMatchObject({ code: 'document-missing' });
  });
});
