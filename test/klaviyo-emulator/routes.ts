/** Which handler answers each implemented Klaviyo operation. */
import type { Handler } from './context';
import { getAccounts } from './handlers/accounts';
import {
  createImportJob, getImportErrors, getImportJob, getImportJobListIds, getImportJobLists, getImportJobProfileIds,
  getImportJobProfiles, getImportJobs,
} from './handlers/bulk-import';
import { createList, deleteList, getList, getLists, updateList } from './handlers/lists';
import { addListProfiles, getListProfileIds, getListProfiles, removeListProfiles } from './handlers/members';
import { createOrUpdateProfile, getProfile, getProfiles } from './handlers/profiles';
import { getSegments } from './handlers/segments';
import { bulkSubscribe } from './handlers/subscriptions';
import type { OperationId } from './openapi/implemented';

export const HANDLERS: Record<OperationId, Handler> = {
  get_accounts: getAccounts,
  get_lists: getLists,
  create_list: createList,
  get_list: getList,
  update_list: updateList,
  delete_list: deleteList,
  get_profiles_for_list: getListProfiles,
  get_profile_ids_for_list: getListProfileIds,
  add_profiles_to_list: addListProfiles,
  remove_profiles_from_list: removeListProfiles,
  get_profiles: getProfiles,
  get_profile: getProfile,
  create_or_update_profile: createOrUpdateProfile,
  get_bulk_import_profiles_jobs: getImportJobs,
  bulk_import_profiles: createImportJob,
  get_bulk_import_profiles_job: getImportJob,
  get_errors_for_bulk_import_profiles_job: getImportErrors,
  get_list_for_bulk_import_profiles_job: getImportJobLists,
  get_list_ids_for_bulk_import_profiles_job: getImportJobListIds,
  get_profiles_for_bulk_import_profiles_job: getImportJobProfiles,
  get_profile_ids_for_bulk_import_profiles_job: getImportJobProfileIds,
  get_segments: getSegments,
  bulk_subscribe_profiles: bulkSubscribe,
};
