// Closing the window while a sync runs: main.js must ask, keep running when told to, and on
// "Pause and quit" pause the run (which checkpoints) before it quits. Runs the built main process
// against the stand-in Electron, a real core (keychain included: run inside scripts/with-keyring.mjs)
// and a slow Klaviyo emulator, then reopens the data folder to read the run's final status.
// Needs tsx (`node --import tsx --import ./register.mjs …`) for the emulator and the core's sources.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [mainBundle] = process.argv.slice(2);
const { startEmulator } = await import('../../../klaviyo-emulator/index.ts');
const API_KEY = 'pk_stand_in_0123456789abcdef';
// Bulk imports crawl (one profile a second), so the run is still sending when the window closes.
const emulator = await startEmulator({ apiKeys: [{ key: API_KEY }], jobSpeed: 1 });
process.env.KLAVIYO_BASE_URL = emulator.url;
await import(mainBundle);
const state = globalThis.__standIn;

async function waitFor(check, what, ms = 20_000) {
  for (let waited = 0; waited < ms; waited += 25) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const report = {};
try {
  await waitFor(() => state.windows[0]?.webContents.url, 'the window');
  const window = state.windows[0];
  const ours = { sender: { id: window.webContents.id }, senderFrame: window.webContents.mainFrame };
  const call = async (channel, input) => {
    const wire = await state.handlers.get(channel)(ours, input);
    if (!wire.ok) throw new Error(`${channel}: ${wire.error.code} ${wire.error.message}`);
    return wire.value;
  };
  const credential = await call('addCredential', { name: 'Stand-in', apiKey: API_KEY });
  const csv = join(mkdtempSync(join(tmpdir(), 'audience-sync-close-')), 'list.csv');
  writeFileSync(csv, `email\n${Array.from({ length: 40 }, (_, i) => `person${i}@example.com`).join('\n')}\n`);
  const plan = await call('planSync', {
    taskId: 'plan', credentialId: credential.id, path: csv, list: { name: 'Closing test', create: true },
    mapping: { columns: [{ index: 0, header: 'email', target: { kind: 'email' } }] },
  });
  report.runId = plan.runId;
  await call('startRun', { runId: plan.runId });
  await waitFor(async () => (await call('listActiveRuns')).some((run) => run.id === plan.runId && run.status === 'running'), 'the run to be running');

  // 1. "Keep running": the window stays, the run goes on.
  state.messageBoxAnswer = 1;
  window.close();
  await waitFor(() => state.dialogs.length === 1, 'the question');
  await new Promise((resolve) => setTimeout(resolve, 200));
  report.question = { message: state.dialogs[0].message, detail: state.dialogs[0].detail, buttons: state.dialogs[0].buttons };
  report.afterKeepRunning = {
    windowOpen: !window.isDestroyed(),
    quitCalls: state.quitCalls,
    status: (await call('listActiveRuns')).find((run) => run.id === plan.runId)?.status ?? null,
  };

  // 2. "Pause and quit": the run is paused, then the app quits.
  state.messageBoxAnswer = 0;
  window.close();
  await waitFor(() => state.quitCalls > 0, 'quit', 60_000);
  report.closed = window.isDestroyed();
  // main.js paused the run itself while the window was still there to hear about it (the core's own
  // shutdown would pause it too, but only after the window is gone).
  report.pausedBeforeClosing = state.sent.some(([channel, payload]) => channel === 'event:runStatus'
    && payload.id === plan.runId && payload.status === 'paused');
} catch (error) {
  report.failure = error instanceof Error ? error.stack : String(error);
}
await emulator.close();
process.stdout.write(`${JSON.stringify(report)}\n`);
process.exit(0);
