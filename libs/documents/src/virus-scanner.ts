import { spawn } from 'node:child_process';
import { connect } from 'node:net';

export type ScanResult = { clean: true } | { clean: false; finding: string };

/** Checks a file before it is stored. Throws ScanFailed when the file could not be scanned. */
export interface VirusScanner {
  readonly description: string;
  scan(bytes: Buffer): Promise<ScanResult>;
}

export class ScanFailed extends Error {}

const CHUNK = 64 * 1024;

/** clamd over TCP with its INSTREAM command: length-prefixed chunks, a zero length to end, one reply line. */
export class ClamdScanner implements VirusScanner {
  readonly description: string;
  constructor(private readonly host: string, private readonly port: number, private readonly timeoutMs = 30000) {
    this.description = `clamd at ${host}:${port}`;
  }

  scan(bytes: Buffer): Promise<ScanResult> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: this.host, port: this.port });
      const chunks: Buffer[] = [];
      const fail = (why: string) => {
        socket.destroy();
        reject(new ScanFailed(why));
      };
      socket.setTimeout(this.timeoutMs, () => fail('the scanner did not answer in time'));
      socket.on('error', (err) => fail(`the scanner could not be reached (${err.message})`));
      socket.on('data', (data) => chunks.push(data));
      socket.on('end', () => {
        const reply = Buffer.concat(chunks).toString('utf8').replace(/\0/g, '').trim();
        socket.end();
        if (/:\s*OK$/.test(reply)) return resolve({ clean: true });
        const found = /:\s*(.+)\s+FOUND$/.exec(reply);
        if (found) return resolve({ clean: false, finding: found[1] });
        reject(new ScanFailed(`the scanner answered "${reply || 'nothing'}"`));
      });
      socket.on('connect', () => {
        socket.write('zINSTREAM\0');
        for (let at = 0; at < bytes.length; at += CHUNK) {
          const part = bytes.subarray(at, at + CHUNK);
          const size = Buffer.alloc(4);
          size.writeUInt32BE(part.length);
          socket.write(size);
          socket.write(part);
        }
        socket.write(Buffer.alloc(4));
      });
    });
  }
}

/** A command given the file on standard input: exit 0 clean, 1 infected (its output says what), anything else unscannable (clamdscan's convention). */
export class CommandScanner implements VirusScanner {
  readonly description: string;
  constructor(private readonly command: string, private readonly timeoutMs = 60000) {
    this.description = `command ${command}`;
  }

  scan(bytes: Buffer): Promise<ScanResult> {
    return new Promise((resolve, reject) => {
      const child = spawn('/bin/sh', ['-c', this.command], { stdio: ['pipe', 'pipe', 'pipe'], timeout: this.timeoutMs });
      let output = '';
      child.stdout.on('data', (d) => (output += d));
      child.stderr.on('data', (d) => (output += d));
      child.on('error', (err) => reject(new ScanFailed(`the scanner could not be run (${err.message})`)));
      child.on('close', (code) => {
        if (code === 0) resolve({ clean: true });
        else if (code === 1) resolve({ clean: false, finding: output.trim().split('\n')[0] || 'a threat' });
        else reject(new ScanFailed(`the scanner failed (exit ${code})`));
      });
      child.stdin.on('error', () => undefined);
      child.stdin.end(bytes);
    });
  }
}

/** VIRUS_SCANNER: empty (no scanning), `clamd://host:port`, or `command:<shell command>`. */
export function virusScannerFrom(setting: string): VirusScanner | undefined {
  if (!setting) return undefined;
  const clamd = /^clamd:\/\/([^:/\s]+):(\d{1,5})$/.exec(setting);
  if (clamd) return new ClamdScanner(clamd[1], Number(clamd[2]));
  if (setting.startsWith('command:') && setting.length > 'command:'.length) return new CommandScanner(setting.slice('command:'.length).trim());
  throw new Error('VIRUS_SCANNER must be empty, clamd://host:port or command:<command>');
}
