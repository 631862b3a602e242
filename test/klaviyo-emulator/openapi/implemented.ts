/** The Klaviyo operations (spec operationIds) the emulator implements, and where their spec lives. */
export const SPEC_FILE_NAME = 'klaviyo-2026-07-15.subset.json';
export const SPEC_REVISION = '2026-07-15';

export const IMPLEMENTED_OPERATIONS = [
  'get_accounts',
  'get_lists',
  'create_list',
  'get_list',
  'update_list',
  'delete_list',
  'get_profiles_for_list',
  'get_profile_ids_for_list',
  'add_profiles_to_list',
  'remove_profiles_from_list',
  'get_profiles',
  'get_profile',
  'create_or_update_profile',
  'get_bulk_import_profiles_jobs',
  'bulk_import_profiles',
  'get_bulk_import_profiles_job',
  'get_errors_for_bulk_import_profiles_job',
  'get_list_for_bulk_import_profiles_job',
  'get_list_ids_for_bulk_import_profiles_job',
  'get_profiles_for_bulk_import_profiles_job',
  'get_profile_ids_for_bulk_import_profiles_job',
  'get_segments',
  'bulk_subscribe_profiles',
] as const;

export type OperationId = (typeof IMPLEMENTED_OPERATIONS)[number];
