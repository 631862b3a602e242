/** What a cancelled run tells the person (stored as its last error, which is not an alert). */
import type { AppErrorData } from '../../../shared/errors';

export function cancelledNote(pending: number): AppErrorData {
  const people = `${pending.toLocaleString('en-US')} ${pending === 1 ? 'change was' : 'changes were'}`;
  return {
    code: 'CANCELLED',
    message: pending > 0
      ? `Cancelled. ${people} not sent and stay pending. What was already sent stays in Klaviyo: nothing is rolled back.`
      : 'Cancelled. Everything had already been sent; nothing is rolled back.',
    details: { pending },
  };
}
