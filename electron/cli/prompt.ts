/**
 * What the command line asks a person: a yes/no question, a secret typed without echo, or a secret
 * piped on stdin. Questions go to stderr so stdout stays clean for --json.
 */
import { AppError } from '../../shared/errors';

export interface PromptIo {
  input: NodeJS.ReadStream;
  output: NodeJS.WriteStream;
}

const defaultIo = (): PromptIo => ({ input: process.stdin, output: process.stderr });

function interrupted(): AppError {
  return new AppError({ code: 'CANCELLED', message: 'Stopped: nothing was changed.' });
}

/** Reads one line from a terminal with echo off (an API key never shows on screen or in scrollback). */
export function readHidden(question: string, io: PromptIo = defaultIo()): Promise<string> {
  const { input, output } = io;
  if (!input.isTTY) throw new TypeError('readHidden needs a terminal');
  output.write(question);
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (outcome: () => void) => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      output.write('\n');
      outcome();
    };
    const onData = (chunk: Buffer | string) => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n') return finish(() => resolve(value));
        if (char === '\u0003' || char === '\u0004') return finish(() => reject(interrupted()));
        if (char === '\u007f' || char === '\b') value = [...value].slice(0, -1).join('');
        else if (char >= ' ') value += char;
      }
      return undefined;
    };
    input.setRawMode(true);
    input.resume();
    input.on('data', onData);
  });
}

/** Everything piped on stdin (for `--key-stdin`), without the trailing line break. */
export async function readStdin(input: NodeJS.ReadableStream = process.stdin, limitBytes = 64 * 1024): Promise<string> {
  let text = '';
  for await (const chunk of input) {
    text += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
    if (text.length > limitBytes) {
      throw new AppError({ code: 'INVALID_INPUT', message: 'More was piped on stdin than an API key: pipe only the key.' });
    }
  }
  return text.replace(/\r?\n$/, '');
}

/** Asks a yes/no question on the terminal; anything but y/yes is no. */
export function confirm(question: string, io: PromptIo = defaultIo()): Promise<boolean> {
  return ask(`${question} [y/N] `, io).then((answer) => /^(y|yes)$/i.test(answer.trim()));
}

/** Asks for a line on the terminal (echoed). */
export function ask(question: string, io: PromptIo = defaultIo()): Promise<string> {
  const { input, output } = io;
  output.write(question);
  return new Promise((resolve, reject) => {
    let buffer = '';
    const done = (outcome: () => void) => {
      input.off('data', onData);
      input.off('end', onEnd);
      input.pause();
      outcome();
    };
    const onData = (chunk: Buffer | string) => {
      buffer += chunk.toString();
      const newline = buffer.indexOf('\n');
      if (newline >= 0) done(() => resolve(buffer.slice(0, newline).replace(/\r$/, '')));
    };
    const onEnd = () => done(() => (buffer === '' ? reject(interrupted()) : resolve(buffer)));
    input.on('data', onData);
    input.on('end', onEnd);
    input.resume();
  });
}
