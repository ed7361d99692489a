import { JsonLogger } from './json-logger';
import { runWithContext } from './request-context';

describe('JSON logs', () => {
  const capture = (level = 'info') => {
    const lines: Record<string, unknown>[] = [];
    return { lines, logger: new JsonLogger('applications', level, (l) => lines.push(JSON.parse(l))) };
  };

  it('one JSON object per line with service, level, context and the correlation id of the work', () => {
    const { lines, logger } = capture();
    runWithContext({ correlationId: 'corr-1', causationId: 'cause-1' }, () => logger.log('submitted', 'ApplicationsService'));
    expect(lines).toEqual([expect.objectContaining({ level: 'info', service: 'applications', context: 'ApplicationsService', msg: 'submitted', correlationId: 'corr-1' })]);
    expect(Date.parse(lines[0].time as string)).not.toBeNaN();
  });

  it('never writes secrets', () => {
    const { lines, logger } = capture();
    logger.warn({ msg: 'login', password: 'hunter2', headers: { authorization: 'Bearer abc' }, apiKey: 'k' });
    const text = JSON.stringify(lines);
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('Bearer abc');
    expect(text).toContain('[redacted]');
  });

  it('drops messages below the configured level', () => {
    const { lines, logger } = capture('warn');
    logger.log('chatter');
    logger.error('broken');
    expect(lines.map((l) => l.msg)).toEqual(['broken']);
  });
});
