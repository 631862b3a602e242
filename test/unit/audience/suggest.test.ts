import { describe, expect, it } from 'vitest';
import { formatTarget } from '../../../shared/mapping';
import { suggestColumn, suggestMapping, type ColumnSample } from '../../../electron/core/audience/suggest';

const column = (header: string, values: string[], index = 0): ColumnSample => ({ index, header, values, fillRate: values.length > 0 ? 1 : 0 });

/** Suggested targets for a header row with one sample row, as the command line writes them. */
function suggested(headers: string[], row: string[]): Record<string, string> {
  const { suggestions } = suggestMapping(headers.map((h, i) => column(h, row[i] ? [row[i]] : [], i)), 'US');
  return Object.fromEntries(headers.map((h, i) => [h, formatTarget(suggestions[i]!.target)]));
}

describe('mapping suggestions', () => {
  it('reads a HubSpot contacts export', () => {
    expect(suggested(
      ['Record ID', 'First Name', 'Last Name', 'Email', 'Phone Number', 'Mobile Phone Number', 'Company Name', 'Job Title', 'City', 'State/Region', 'Country/Region', 'Postal Code', 'Lifecycle Stage'],
      ['501', 'Ann', 'Lee', 'ann@example.com', '(206) 555-0100', '206-555-0111', 'Acme', 'Buyer', 'Seattle', 'WA', 'United States', '98101', 'customer'],
    )).toEqual({
      'Record ID': 'ExternalID', 'First Name': 'first_name', 'Last Name': 'last_name', Email: 'Email', 'Phone Number': 'PhoneNumber',
      'Mobile Phone Number': 'property:Mobile Phone Number', 'Company Name': 'organization', 'Job Title': 'title', City: 'city',
      'State/Region': 'region', 'Country/Region': 'country', 'Postal Code': 'zip', 'Lifecycle Stage': 'property:Lifecycle Stage',
    });
  });

  it('reads a Shopify customers export', () => {
    const targets = suggested(
      ['Customer ID', 'Email', 'Default Address City', 'Default Address Province Code', 'Default Address Country Code', 'Default Address Zip', 'Phone', 'Total Spent', 'Accepts Email Marketing'],
      ['7091234', 'ann@example.com', 'Seattle', 'WA', 'US', '98101', '+12065550100', '120.50', 'yes'],
    );
    expect(targets).toEqual({
      'Customer ID': 'ExternalID', Email: 'Email', 'Default Address City': 'city', 'Default Address Province Code': 'region',
      'Default Address Country Code': 'country', 'Default Address Zip': 'zip', Phone: 'PhoneNumber',
      'Total Spent': 'property:Total Spent:number', 'Accepts Email Marketing': 'property:Accepts Email Marketing:boolean',
    });
  });

  it('reads a Salesforce contacts export', () => {
    expect(suggested(
      ['Contact ID', 'First Name', 'Last Name', 'Title', 'Account Name', 'Mailing Street', 'Mailing City', 'Mailing State/Province', 'Mailing Zip/Postal Code', 'Mailing Country', 'Phone', 'Email', 'Birthdate'],
      ['0035e00000AbCdE', 'Ann', 'Lee', 'VP', 'Acme', '1 Main St', 'Seattle', 'WA', '98101', 'USA', '(206) 555-0100', 'ann@example.com', '1985-03-02'],
    )).toEqual({
      'Contact ID': 'ExternalID', 'First Name': 'first_name', 'Last Name': 'last_name', Title: 'title', 'Account Name': 'organization',
      'Mailing Street': 'address1', 'Mailing City': 'city', 'Mailing State/Province': 'region', 'Mailing Zip/Postal Code': 'zip',
      'Mailing Country': 'country', Phone: 'PhoneNumber', Email: 'Email', Birthdate: 'property:Birthdate:date',
    });
  });

  it('reads a Mailchimp audience export', () => {
    const targets = suggested(
      ['Email Address', 'First Name', 'Last Name', 'Phone Number', 'MEMBER_RATING', 'OPTIN_TIME', 'LATITUDE', 'LONGITUDE', 'TIMEZONE', 'NOTES'],
      ['ann@example.com', 'Ann', 'Lee', '206-555-0100', '4', '2021-05-01 10:00:00', '47.6', '-122.3', 'America/Los_Angeles', ''],
    );
    expect(targets).toEqual({
      'Email Address': 'Email', 'First Name': 'first_name', 'Last Name': 'last_name', 'Phone Number': 'PhoneNumber',
      MEMBER_RATING: 'property:MEMBER_RATING:number', OPTIN_TIME: 'property:OPTIN_TIME:date', LATITUDE: 'latitude', LONGITUDE: 'longitude',
      TIMEZONE: 'timezone', NOTES: 'ignore',
    });
  });

  it('recognizes identifiers from their content when the header says nothing', () => {
    expect(suggestColumn(column('Contact', ['ann@example.com', 'bob@example.org', 'c@d.io']), 'US').target).toEqual({ kind: 'email' });
    expect(suggestColumn(column('Contact', ['(206) 555-0100', '+44 20 7946 0958', '415.555.0123']), 'US').target).toEqual({ kind: 'phone' });
    expect(suggestColumn(column('Orders', ['12', '3', '40']), 'US').target).toEqual({ kind: 'property', name: 'Orders', type: 'number' });
  });

  it('does not trust a header its values contradict, nor type zip-like codes as numbers', () => {
    const wrong = suggestColumn(column('Email', ['yes', 'no', 'yes']), 'US');
    expect(wrong.target).toEqual({ kind: 'property', name: 'Email (column 1)', type: 'boolean' });
    expect(wrong.reason).toContain('only 0% of sampled values are email addresses');
    expect(suggestColumn(column('Account', ['00123', '00456']), 'US').target).toEqual({ kind: 'property', name: 'Account', type: 'string' });
  });

  it('gives each identifier and field to one column: the most confident, then the fullest', () => {
    const { suggestions, mapping } = suggestMapping([
      { ...column('Work Email', ['a@x.com'], 0), fillRate: 0.4 },
      { ...column('Email', ['b@x.com', 'c@x.com'], 1), fillRate: 0.9 },
      column('Phone Country', ['GB'], 2),
      { ...column('email', ['d@x.com'], 3), fillRate: 0.2 },
    ], 'GB');
    expect(suggestions.map((s) => formatTarget(s.target))).toEqual(['property:Work Email', 'Email', 'ignore', 'property:email (column 4)']);
    expect(suggestions[0]!.reason).toContain('"Email" is a better Email column');
    expect(suggestions[2]!.reason).toContain('there is none');
    expect(mapping.defaultRegion).toBe('GB');
    expect(mapping.columns.map((c) => c.header)).toEqual(['Work Email', 'Email', 'Phone Country', 'email']);
  });
});
