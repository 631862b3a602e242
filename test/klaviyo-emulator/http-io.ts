/** Reading request bodies and writing responses, with no knowledge of Klaviyo. */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface RequestBody {
  /** The body, or null when it exceeded the limit (then only counted, not kept). */
  buffer: Buffer | null;
  bytes: number;
}

/** Reads the whole body, keeping at most `limit` bytes. */
export function readBody(req: IncomingMessage, limit: number): Promise<RequestBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes <= limit) chunks.push(chunk);
    });
    req.on('end', () => resolve({ buffer: bytes <= limit ? Buffer.concat(chunks) : null, bytes }));
    req.on('error', reject);
  });
}

function writable(res: ServerResponse): boolean {
  return !res.writableEnded && !res.destroyed;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string>, contentType = 'application/vnd.api+json'): void {
  if (!writable(res)) return;
  if (body === undefined) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'Content-Type': contentType, 'Content-Length': String(Buffer.byteLength(text)) });
  res.end(text);
}

export function sendText(res: ServerResponse, status: number, text: string, contentType: string, headers: Record<string, string> = {}): void {
  if (!writable(res)) return;
  res.writeHead(status, { ...headers, 'Content-Type': contentType, 'Content-Length': String(Buffer.byteLength(text)) });
  res.end(text);
}

/** An edge proxy's HTML error page, as Klaviyo's CDN serves for some 5xx (API-NOTES §5, §8). */
export function edgeErrorPage(status: number): string {
  const reason: Record<number, string> = { 500: 'Internal Server Error', 502: 'Bad gateway', 503: 'Service Unavailable', 504: 'Gateway time-out' };
  return `<!DOCTYPE html>\n<html><head><title>${status} ${reason[status] ?? 'Error'}</title></head>`
    + `<body><h1>${status} ${reason[status] ?? 'Error'}</h1><p>The web server reported an error.</p></body></html>\n`;
}

export function isLoopback(req: IncomingMessage): boolean {
  const address = req.socket.remoteAddress ?? '';
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1' || address.startsWith('127.');
}
