import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { BuiltApp, startGroupAtEndOnce, testServiceSettings } from './service';
import { sleep } from './wait-for';

const ROOT = resolve(__dirname, '../../..');

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A built service running as a child process, as it runs in production (so it can really be killed). */
export interface BuiltService {
  readonly url: string;
  readonly child: ChildProcess;
  readonly settings: Record<string, string>;
  /** Settles when the process has exited, with how. */
  readonly exited: Promise<Exit>;
  /** What it has written to stdout and stderr so far (JSON log lines). */
  output(): string;
  /** Sends the signal and waits for the process to exit. */
  kill(signal: NodeJS.Signals): Promise<Exit>;
}

/** The service's entry point in dist/, built first if it is missing or older than its sources. */
export function builtEntryPoint(name: string): string {
  // scripts/test.sh and CI build beforehand; this covers a single test file run with jest alone.
  execFileSync('bash', [resolve(ROOT, 'scripts/build.sh'), '--if-stale', name], { cwd: ROOT, stdio: 'ignore', timeout: 300000 });
  return resolve(ROOT, `dist/apps/${name}/apps/${name}/src/main.js`);
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

async function isReady(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(3000) })).status === 200;
  } catch {
    return false;
  }
}

/**
 * Starts `node dist/apps/<name>/apps/<name>/src/main.js` with the settings startTestService would
 * use (this worker's database, topics and consumer group; `overrides` win), and waits until it
 * reports ready (database and Kafka answer, consumer joined). It logs at info, kept in `output()`.
 */
export async function startBuiltService(
  definition: BuiltApp,
  overrides: Record<string, unknown> = {},
  { readyWithinMs = 60000 }: { readyWithinMs?: number } = {},
): Promise<BuiltService> {
  const main = builtEntryPoint(definition.name);
  const port = await freePort();
  const settings = Object.fromEntries(
    Object.entries(testServiceSettings(definition, { LOG_LEVEL: 'info', ...overrides, PORT: port })).map(([k, v]) => [k, String(v)]),
  );
  if (settings.KAFKA_GROUP_ID) await startGroupAtEndOnce(settings.KAFKA_GROUP_ID, settings.KAFKA_TOPIC_PREFIX, settings.KAFKA_BROKERS);
  const child = spawn(process.execPath, [main], { cwd: ROOT, env: { ...process.env, ...settings }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<Exit>((done) => child.once('exit', (code, signal) => done({ code, signal })));
  let exit: Exit | undefined;
  void exited.then((e) => (exit = e));

  const url = `http://127.0.0.1:${port}`;
  const service: BuiltService = {
    url,
    child,
    settings,
    exited,
    output: () => output,
    kill: async (signal) => {
      if (!exit) child.kill(signal);
      return exited;
    },
  };
  const deadline = Date.now() + readyWithinMs;
  while (!(await isReady(url))) {
    const problem = exit ? `exited (${JSON.stringify(exit)}) before it was ready` : Date.now() > deadline ? `was not ready within ${readyWithinMs} ms` : undefined;
    if (problem) {
      await service.kill('SIGKILL');
      throw new Error(`${definition.name} (pid ${child.pid}) ${problem}; the end of its output:\n${output.slice(-3000)}`);
    }
    await sleep(200);
  }
  return service;
}
