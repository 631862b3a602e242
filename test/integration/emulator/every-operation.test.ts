import { describe, expect, it } from 'vitest';
import type { Emulator } from '../../klaviyo-emulator/index';
import { IMPLEMENTED_OPERATIONS, type OperationId } from '../../klaviyo-emulator/openapi/implemented';
import { loadSpec } from '../../klaviyo-emulator/spec';
import { bulkBody, call, emulator, type ApiResponse } from './helpers';

interface Fixture {
  listId: string;
  profileId: string;
  jobId: string;
}

type Probe = (e: Emulator, f: Fixture) => Promise<ApiResponse>;

// One ordinary request per implemented operation; every response is checked against the spec's
// schema by the helper, so this is the emulator's conformance sweep.
const PROBES: Record<OperationId, Probe> = {
  get_accounts: (e) => call(e, 'GET', '/api/accounts'),
  get_lists: (e) => call(e, 'GET', '/api/lists?include=tags'),
  create_list: (e) => call(e, 'POST', '/api/lists', { body: { data: { type: 'list', attributes: { name: 'Probe' } } } }),
  get_list: (e, f) => call(e, 'GET', `/api/lists/${f.listId}?additional-fields[list]=profile_count`),
  update_list: (e, f) => call(e, 'PATCH', `/api/lists/${f.listId}`, { body: { data: { type: 'list', id: f.listId, attributes: { name: 'Renamed' } } } }),
  delete_list: async (e) => {
    const id = (await call(e, 'POST', '/api/lists', { body: { data: { type: 'list', attributes: { name: 'Doomed' } } } })).one().id;
    return call(e, 'DELETE', `/api/lists/${id}`);
  },
  get_profiles_for_list: (e, f) => call(e, 'GET', `/api/lists/${f.listId}/profiles?additional-fields[profile]=subscriptions`),
  get_profile_ids_for_list: (e, f) => call(e, 'GET', `/api/lists/${f.listId}/relationships/profiles`),
  add_profiles_to_list: (e, f) => call(e, 'POST', `/api/lists/${f.listId}/relationships/profiles`, { body: { data: [{ type: 'profile', id: f.profileId }] } }),
  remove_profiles_from_list: (e, f) => call(e, 'DELETE', `/api/lists/${f.listId}/relationships/profiles`, { body: { data: [{ type: 'profile', id: f.profileId }] } }),
  get_profiles: (e) => call(e, 'GET', '/api/profiles?page[size]=5'),
  get_profile: (e, f) => call(e, 'GET', `/api/profiles/${f.profileId}`),
  create_or_update_profile: (e) => call(e, 'POST', '/api/profile-import', { body: { data: { type: 'profile', attributes: { email: 'probe@example.com' } } } }),
  get_bulk_import_profiles_jobs: (e) => call(e, 'GET', '/api/profile-bulk-import-jobs'),
  bulk_import_profiles: (e, f) => call(e, 'POST', '/api/profile-bulk-import-jobs', { body: bulkBody([{ email: 'probe2@example.com' }], [f.listId]) }),
  get_bulk_import_profiles_job: (e, f) => call(e, 'GET', `/api/profile-bulk-import-jobs/${f.jobId}?include=lists`),
  get_errors_for_bulk_import_profiles_job: (e, f) => call(e, 'GET', `/api/profile-bulk-import-jobs/${f.jobId}/import-errors`),
  get_list_for_bulk_import_profiles_job: (e, f) => call(e, 'GET', `/api/profile-bulk-import-jobs/${f.jobId}/lists`),
  get_list_ids_for_bulk_import_profiles_job: (e, f) => call(e, 'GET', `/api/profile-bulk-import-jobs/${f.jobId}/relationships/lists`),
  get_profiles_for_bulk_import_profiles_job: (e, f) => call(e, 'GET', `/api/profile-bulk-import-jobs/${f.jobId}/profiles`),
  get_profile_ids_for_bulk_import_profiles_job: (e, f) => call(e, 'GET', `/api/profile-bulk-import-jobs/${f.jobId}/relationships/profiles`),
  get_segments: (e) => call(e, 'GET', '/api/segments'),
  bulk_subscribe_profiles: (e, f) => call(e, 'POST', '/api/profile-subscription-bulk-create-jobs', { body: {
    data: {
      type: 'profile-subscription-bulk-create-job',
      attributes: { profiles: { data: [{ type: 'profile', attributes: { email: 'probe@example.com', subscriptions: { email: { marketing: { consent: 'SUBSCRIBED' } } } } }] } },
      relationships: { list: { data: { type: 'list', id: f.listId } } },
    },
  } }),
};

describe('every implemented Klaviyo operation', () => {
  it('answers an ordinary request with its documented success status and a body matching the spec', async () => {
    const e = await emulator({ queueDelayMs: 0, timeScale: 1000 });
    const seeded = e.control.seed({ lists: [{ name: 'Probe list', members: [{ email: 'member@example.com' }] }], segments: 2 });
    const listId = seeded.lists[0]?.id ?? '';
    const jobId = (await call(e, 'POST', '/api/profile-bulk-import-jobs', { body: bulkBody([{ email: 'job@example.com' }], [listId]) })).one().id;
    const fixture: Fixture = { listId, profileId: seeded.lists[0]?.memberIds[0] ?? '', jobId };
    for (const id of IMPLEMENTED_OPERATIONS) {
      const op = loadSpec().operations.get(id);
      const documented = op?.successStatuses ?? [];
      expect(documented.length, id).toBeGreaterThan(0);
      const res = await PROBES[id](e, fixture);
      expect(documented, `${id} answered ${res.status}: ${res.text.slice(0, 200)}`).toContain(String(res.status));
    }
  });
});
