import type { Response } from 'express';

/** A service's download (CSV, JSON) passed straight to the browser as an attachment of the portal's naming. */
export async function passThrough(res: Response, download: globalThis.Response, filename: string): Promise<void> {
  res.setHeader('Content-Type', download.headers.get('content-type') ?? 'application/octet-stream');
  res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
  res.send(Buffer.from(await download.arrayBuffer()));
}
