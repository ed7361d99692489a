import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const ROOT = resolve(__dirname, '../../..');
const run = promisify(execFile);
const LOCAL_BROKERS = ['127.0.0.1:9092', 'localhost:9092'];

/**
 * Why a test that takes a broker down cannot run here, or undefined when it can. It needs a broker
 * that scripts/kafka.sh runs on this machine; a KAFKA_BROKERS naming another broker says Kafka is
 * someone else's to run (a CI service, a cluster), so the script could neither stop nor start one.
 */
export function brokerOutageUnsupported(): string | undefined {
  const brokers = process.env.KAFKA_BROKERS;
  if (brokers && !LOCAL_BROKERS.includes(brokers.trim())) {
    return `KAFKA_BROKERS=${brokers} names an external broker, which scripts/kafka.sh cannot stop or start`;
  }
  return undefined;
}

function portFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer();
    server.once('error', () => done(false));
    server.listen(port, '127.0.0.1', () => server.close(() => done(true)));
  });
}

/** A free port whose next port (a KRaft controller's) is free too. */
export async function freePortPair(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const port = await freePort();
    if (port < 65535 && (await portFree(port + 1))) return port;
  }
  throw new Error('no two adjacent free ports for a private Kafka broker');
}

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

/**
 * A single-node broker of the test's own (scripts/kafka.sh with KAFKA_PORT), for tests that stop
 * and start Kafka: stopping the shared broker would break every other test running at the time (the
 * other jest worker, other checkouts' runs) and prove nothing about them.
 */
export class PrivateKafka {
  private constructor(readonly port: number) {}

  /** On a free port whose next port (the controller's) is free too. */
  static async create(): Promise<PrivateKafka> {
    return new PrivateKafka(await freePortPair());
  }

  get brokers(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** Starts the broker (formatting its storage the first time) and waits until it answers. */
  start(): Promise<void> {
    return this.script('start');
  }

  /** Stops the broker (SIGTERM, then SIGKILL after 30 s); `start` brings the same data back. */
  stop(): Promise<void> {
    return this.script('stop');
  }

  /** Stops the broker and deletes everything it kept. */
  async remove(): Promise<void> {
    await this.script('reset');
    rmSync(resolve(ROOT, `.local/kafka-${this.port}`), { recursive: true, force: true });
  }

  private async script(action: 'start' | 'stop' | 'reset'): Promise<void> {
    // Asynchronously, so services running in this process go on (and see the outage) meanwhile.
    await run('bash', [resolve(ROOT, 'scripts/kafka.sh'), action], {
      timeout: 150000,
      env: { ...process.env, KAFKA_PORT: String(this.port), KAFKA_BROKERS: this.brokers },
    });
  }
}
