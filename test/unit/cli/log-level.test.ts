import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../electron/core/log';

const saved = process.env.AUDIENCE_SYNC_LOG;

function capture(options: Parameters<typeof createLogger>[0] = {}) {
  const lines: string[] = [];
  const logger = createLogger({ ...options, sink: (line) => lines.push(line) });
  const levels = () => lines.map((line) => (JSON.parse(line) as { level: string }).level);
  return { logger, levels };
}

describe('log level', () => {
  afterEach(() => {
    if (saved === undefined) delete process.env.AUDIENCE_SYNC_LOG;
    else process.env.AUDIENCE_SYNC_LOG = saved;
  });

  it('writes warnings and errors by default', () => {
    delete process.env.AUDIENCE_SYNC_LOG;
    const { logger, levels } = capture();
    logger.info('quiet');
    logger.warn('heard');
    logger.error('heard');
    expect(levels()).toEqual(['warn', 'error']);
  });

  it('follows AUDIENCE_SYNC_LOG set after the logger was made (the command line sets it on a terminal)', () => {
    delete process.env.AUDIENCE_SYNC_LOG;
    const { logger, levels } = capture({ scope: 'made-at-import' });
    const child = logger.child('worker');
    process.env.AUDIENCE_SYNC_LOG = 'error';
    logger.warn('dropped');
    child.warn('dropped');
    child.error('kept');
    process.env.AUDIENCE_SYNC_LOG = 'info';
    logger.info('kept');
    expect(levels()).toEqual(['error', 'info']);
  });

  it('falls back to warn when AUDIENCE_SYNC_LOG names no level', () => {
    process.env.AUDIENCE_SYNC_LOG = 'loud';
    const { logger, levels } = capture();
    logger.info('dropped');
    logger.warn('kept');
    expect(levels()).toEqual(['warn']);
  });

  it('keeps a level given in code, for itself and its children, whatever the environment says', () => {
    process.env.AUDIENCE_SYNC_LOG = 'debug';
    const { logger, levels } = capture({ level: 'error' });
    logger.warn('dropped');
    logger.child('part').warn('dropped');
    logger.child('part').error('kept');
    expect(levels()).toEqual(['error']);
  });
});
