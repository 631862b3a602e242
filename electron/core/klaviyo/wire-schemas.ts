/**
 * Zod schemas for what Klaviyo sends back (JSON:API). Every response is checked against one of these
 * before use; they accept what the spec allows (nullable attributes, extra fields) and nothing less.
 */
import { z } from 'zod';

const nullableString = z.string().nullable().optional();
const record = z.record(z.string(), z.unknown());

export const LinksSchema = z.object({
  self: z.string().optional(),
  next: z.string().nullable().optional(),
  prev: z.string().nullable().optional(),
}).optional();

export const ErrorObjectSchema = z.object({
  id: z.string().optional(),
  status: z.union([z.number(), z.string()]).optional(),
  code: z.string().optional(),
  title: z.string().optional(),
  detail: z.string().optional(),
  source: z.object({ pointer: z.string().optional(), parameter: z.string().optional() }).nullable().optional(),
  meta: record.nullable().optional(),
});
export const ErrorBodySchema = z.object({ errors: z.array(ErrorObjectSchema).min(1), meta: record.nullable().optional() });
export type WireError = z.infer<typeof ErrorObjectSchema>;

export const AccountsSchema = z.object({
  data: z.array(z.object({
    type: z.literal('account'),
    id: z.string().min(1),
    attributes: z.object({
      contact_information: z.object({
        organization_name: z.string(),
        default_sender_email: nullableString,
      }),
      timezone: nullableString,
      preferred_currency: nullableString,
    }),
  })).min(1),
});

export const ListResourceSchema = z.object({
  type: z.literal('list'),
  id: z.string().min(1),
  attributes: z.object({
    name: z.string(),
    created: nullableString,
    updated: nullableString,
    opt_in_process: z.enum(['single_opt_in', 'double_opt_in']).nullable().optional(),
    profile_count: z.number().int().nonnegative().nullable().optional(),
  }),
});
export const ListSchema = z.object({ data: ListResourceSchema });
export const ListsSchema = z.object({ data: z.array(ListResourceSchema), links: LinksSchema });

const LocationSchema = z.object({
  address1: nullableString,
  address2: nullableString,
  city: nullableString,
  country: nullableString,
  region: nullableString,
  zip: nullableString,
  timezone: nullableString,
  ip: nullableString,
  latitude: z.union([z.string(), z.number()]).nullable().optional(),
  longitude: z.union([z.string(), z.number()]).nullable().optional(),
});

export const ProfileResourceSchema = z.object({
  type: z.literal('profile'),
  id: z.string().min(1),
  attributes: z.object({
    email: nullableString,
    phone_number: nullableString,
    external_id: nullableString,
    first_name: nullableString,
    last_name: nullableString,
    organization: nullableString,
    title: nullableString,
    locale: nullableString,
    image: nullableString,
    location: LocationSchema.nullable().optional(),
    properties: record.nullable().optional(),
    created: nullableString,
    updated: nullableString,
    joined_group_at: nullableString,
  }).optional(),
});
export type WireProfile = z.infer<typeof ProfileResourceSchema>;
export const ProfileSchema = z.object({ data: ProfileResourceSchema });
export const ProfilesSchema = z.object({ data: z.array(ProfileResourceSchema), links: LinksSchema });

export const IdentifiersSchema = z.object({
  data: z.array(z.object({ type: z.string(), id: z.string().min(1) })),
  links: LinksSchema,
});

const count = z.number().int().nonnegative();
export const BulkImportJobResourceSchema = z.object({
  type: z.literal('profile-bulk-import-job'),
  id: z.string().min(1),
  attributes: z.object({
    status: z.enum(['queued', 'processing', 'complete', 'cancelled']),
    created_at: nullableString,
    total_count: count,
    completed_count: count.nullable().optional(),
    failed_count: count.nullable().optional(),
    started_at: nullableString,
    completed_at: nullableString,
    expires_at: nullableString,
  }),
});
export const BulkImportJobSchema = z.object({ data: BulkImportJobResourceSchema });

export const ImportErrorsSchema = z.object({
  data: z.array(z.object({
    type: z.literal('import-error'),
    id: z.string().min(1),
    attributes: z.object({
      code: z.string(),
      title: z.string(),
      detail: z.string(),
      source: z.object({ pointer: z.string().optional() }).nullable().optional(),
      original_payload: z.unknown().optional(),
    }),
  })),
  links: LinksSchema,
});

export const SegmentsSchema = z.object({
  data: z.array(z.object({ type: z.literal('segment'), id: z.string().min(1) })),
  links: LinksSchema,
});
