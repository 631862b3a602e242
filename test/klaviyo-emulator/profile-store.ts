/**
 * One account's profiles, with the indexes identity resolution and filters need: by id, by
 * lower-cased email, by phone number, by external id. Profiles are never deleted (Klaviyo's
 * deletion is a separate, asynchronous privacy API the sync does not use), so `seq` is a stable
 * cursor for paging through all of them.
 */
import { ulid } from './ids';

export interface ProfileLocation {
  [key: string]: string | number | null;
}

export type ConsentChannel = 'email' | 'sms';

export interface Profile {
  id: string;
  seq: number;
  email: string | null;
  phone_number: string | null;
  external_id: string | null;
  _kx: string | null;
  first_name: string | null;
  last_name: string | null;
  organization: string | null;
  locale: string | null;
  title: string | null;
  image: string | null;
  location: ProfileLocation | null;
  properties: Record<string, unknown>;
  created: number;
  updated: number;
  /** Marketing consent recorded by bulk subscribe, per channel. */
  consent: Partial<Record<ConsentChannel, { consent: 'SUBSCRIBED'; at: number; listId: string | null }>>;
}

export const IDENTIFIER_FIELDS = ['email', 'phone_number', 'external_id'] as const;
export type IdentifierField = (typeof IDENTIFIER_FIELDS)[number];

export const SCALAR_FIELDS = [
  'email', 'phone_number', 'external_id', '_kx', 'first_name', 'last_name', 'organization', 'locale', 'title', 'image',
] as const;
export type ScalarField = (typeof SCALAR_FIELDS)[number];

/** The attributes a profile-import or bulk-import item may carry (spec ProfileUpsertQuery). */
export const UPSERT_ATTRIBUTES = new Set<string>([...SCALAR_FIELDS, 'location', 'properties']);

export function emailKey(email: string): string {
  return email.toLowerCase();
}

export class ProfileStore {
  private readonly byId = new Map<string, Profile>();
  private readonly byEmail = new Map<string, Profile>();
  private readonly byPhone = new Map<string, Profile>();
  private readonly byExternal = new Map<string, Profile>();
  /** Creation order; index = seq - 1. */
  readonly all: Profile[] = [];

  get size(): number {
    return this.all.length;
  }

  get(id: string): Profile | undefined {
    return this.byId.get(id);
  }

  findBy(field: IdentifierField, value: string): Profile | undefined {
    if (field === 'email') return this.byEmail.get(emailKey(value));
    if (field === 'phone_number') return this.byPhone.get(value);
    return this.byExternal.get(value);
  }

  create(fields: Partial<Omit<Profile, 'id' | 'seq' | 'created' | 'updated'>>, now: number): Profile {
    const profile: Profile = {
      id: ulid(now),
      seq: this.all.length + 1,
      email: null,
      phone_number: null,
      external_id: null,
      _kx: null,
      first_name: null,
      last_name: null,
      organization: null,
      locale: null,
      title: null,
      image: null,
      location: null,
      properties: {},
      consent: {},
      ...fields,
      created: now,
      updated: now,
    };
    this.all.push(profile);
    this.byId.set(profile.id, profile);
    this.index(profile);
    return profile;
  }

  /** Sets an identifier, keeping the indexes in step. The caller has checked for conflicts. */
  setIdentifier(profile: Profile, field: IdentifierField, value: string | null): void {
    const old = profile[field];
    if (old !== null) {
      if (field === 'email') this.byEmail.delete(emailKey(old));
      else if (field === 'phone_number') this.byPhone.delete(old);
      else this.byExternal.delete(old);
    }
    profile[field] = value;
    this.index(profile);
  }

  private index(profile: Profile): void {
    if (profile.email !== null) this.byEmail.set(emailKey(profile.email), profile);
    if (profile.phone_number !== null) this.byPhone.set(profile.phone_number, profile);
    if (profile.external_id !== null) this.byExternal.set(profile.external_id, profile);
  }
}
