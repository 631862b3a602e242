/**
 * The emulator's own endpoints, loopback only, no auth:
 *   GET  /__emulator/state[?account=<id or key>][&members=0]  the state document (read-only)
 *   GET  /__emulator/stats                                     request statistics
 *   POST /__emulator/control  {"action": "<control method>", "args": [...]}
 * so another process (the demo, a shell) can seed, inject faults or revoke keys. The actions are
 * the EmulatorControl methods: seed, addKey, revokeKey, revokeKeyAfter, failNext, dropNext,
 * throttleStorm, slowNext, clearFaults, setTimeScale, setJobSpeed, setLatency, resetStats.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorCore } from './core';
import { isLoopback, readBody, sendJson } from './http-io';
import type { EmulatorControl } from './types';

const ACTIONS = new Set<keyof EmulatorControl>([
  'seed', 'addKey', 'revokeKey', 'revokeKeyAfter', 'failNext', 'dropNext', 'throttleStorm', 'slowNext', 'clearFaults',
  'setTimeScale', 'setJobSpeed', 'setLatency', 'resetStats', 'stats', 'state',
]);

function isAction(value: unknown): value is keyof EmulatorControl {
  return typeof value === 'string' && ACTIONS.has(value as keyof EmulatorControl);
}

export async function handleControl(core: EmulatorCore, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const body = await readBody(req, 64 * 1024 * 1024);
  const json = 'application/json';
  if (!isLoopback(req)) {
    sendJson(res, 403, { error: 'The emulator control endpoints answer loopback clients only.' }, {}, json);
    return;
  }
  const control = core.control();
  const method = req.method ?? 'GET';
  if (method === 'GET' && url.pathname === '/__emulator/state') {
    const account = url.searchParams.get('account') ?? undefined;
    const members = url.searchParams.get('members') !== '0' && url.searchParams.get('members') !== 'false';
    sendJson(res, 200, control.state({ ...(account !== undefined ? { account } : {}), members }), {}, json);
    return;
  }
  if (method === 'GET' && url.pathname === '/__emulator/stats') {
    sendJson(res, 200, control.stats(), {}, json);
    return;
  }
  if (method === 'POST' && url.pathname === '/__emulator/control') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.buffer?.toString('utf8') ?? '');
    } catch {
      sendJson(res, 400, { error: 'The body must be JSON: {"action": "...", "args": [...]}' }, {}, json);
      return;
    }
    const action = typeof parsed === 'object' && parsed !== null ? (parsed as { action?: unknown }).action : undefined;
    const args = typeof parsed === 'object' && parsed !== null ? (parsed as { args?: unknown }).args ?? [] : [];
    if (!isAction(action) || !Array.isArray(args)) {
      sendJson(res, 400, { error: `Unknown action. Use one of: ${[...ACTIONS].join(', ')}` }, {}, json);
      return;
    }
    try {
      const fn = control[action] as (...a: unknown[]) => unknown;
      const result = fn(...args);
      sendJson(res, 200, { ok: true, result: result ?? null }, {}, json);
    } catch (error) {
      sendJson(res, 400, { ok: false, error: error instanceof Error ? error.message : String(error) }, {}, json);
    }
    return;
  }
  sendJson(res, 404, { error: 'Not found. Try GET /__emulator/state or POST /__emulator/control.' }, {}, json);
}
