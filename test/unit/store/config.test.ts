import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { DEFAULT_KLAVIYO_BASE_URL, PRODUCT_NAME, resolveDataDir, resolveKlaviyoBaseUrl } from '../../../electron/core/config';

// The config decides where the history lives; it sits with the store's tests because the store is its only consumer.
describe('resolveDataDir', () => {
  it('uses AUDIENCE_SYNC_HOME when set, on every platform', () => {
    expect(resolveDataDir({ AUDIENCE_SYNC_HOME: '/srv/sync' }, 'linux', '/home/jane')).toBe('/srv/sync');
    expect(resolveDataDir({ AUDIENCE_SYNC_HOME: '/Volumes/data/sync' }, 'darwin', '/Users/jane')).toBe('/Volumes/data/sync');
    expect(resolveDataDir({ AUDIENCE_SYNC_HOME: 'D:\\sync', APPDATA: 'C:\\Users\\jane\\AppData\\Roaming' }, 'win32', 'C:\\Users\\jane'))
      .toBe('D:\\sync');
  });

  it('takes a relative AUDIENCE_SYNC_HOME from the working folder', () => {
    expect(resolveDataDir({ AUDIENCE_SYNC_HOME: './data' }, 'linux', '/home/jane', '/work/project')).toBe('/work/project/data');
    expect(resolveDataDir({ AUDIENCE_SYNC_HOME: 'data' }, 'win32', 'C:\\Users\\jane', 'C:\\work')).toBe('C:\\work\\data');
  });

  it("matches Electron's userData on Linux: XDG_CONFIG_HOME or ~/.config, then the product name", () => {
    expect(PRODUCT_NAME).toBe('Audience Sync for Klaviyo');
    expect(resolveDataDir({}, 'linux', '/home/jane')).toBe('/home/jane/.config/Audience Sync for Klaviyo');
    expect(resolveDataDir({ XDG_CONFIG_HOME: '/home/jane/.cfg' }, 'linux', '/home/jane')).toBe('/home/jane/.cfg/Audience Sync for Klaviyo');
    expect(resolveDataDir({ XDG_CONFIG_HOME: 'relative/cfg' }, 'linux', '/home/jane')).toBe('/home/jane/.config/Audience Sync for Klaviyo');
    expect(resolveDataDir({}, 'freebsd', '/home/jane')).toBe('/home/jane/.config/Audience Sync for Klaviyo');
  });

  it("matches Electron's userData on macOS: ~/Library/Application Support", () => {
    expect(resolveDataDir({ XDG_CONFIG_HOME: '/ignored' }, 'darwin', '/Users/jane'))
      .toBe('/Users/jane/Library/Application Support/Audience Sync for Klaviyo');
  });

  it("matches Electron's userData on Windows: %APPDATA%, else the roaming profile folder", () => {
    expect(resolveDataDir({ APPDATA: 'C:\\Users\\jane\\AppData\\Roaming' }, 'win32', 'C:\\Users\\jane'))
      .toBe('C:\\Users\\jane\\AppData\\Roaming\\Audience Sync for Klaviyo');
    expect(resolveDataDir({}, 'win32', 'C:\\Users\\jane')).toBe('C:\\Users\\jane\\AppData\\Roaming\\Audience Sync for Klaviyo');
  });

  it('ignores empty variables', () => {
    expect(resolveDataDir({ AUDIENCE_SYNC_HOME: '', XDG_CONFIG_HOME: ' ' }, 'linux', '/home/jane'))
      .toBe('/home/jane/.config/Audience Sync for Klaviyo');
  });
});

describe('resolveKlaviyoBaseUrl', () => {
  it('defaults to Klaviyo itself', () => {
    expect(resolveKlaviyoBaseUrl({})).toBe(DEFAULT_KLAVIYO_BASE_URL);
    expect(DEFAULT_KLAVIYO_BASE_URL).toBe('https://a.klaviyo.com');
    expect(resolveKlaviyoBaseUrl({ KLAVIYO_BASE_URL: '' })).toBe('https://a.klaviyo.com');
  });

  it('accepts an http(s) address such as the emulator, without a trailing slash', () => {
    expect(resolveKlaviyoBaseUrl({ KLAVIYO_BASE_URL: 'http://127.0.0.1:4010/' })).toBe('http://127.0.0.1:4010');
    expect(resolveKlaviyoBaseUrl({ KLAVIYO_BASE_URL: ' https://proxy.example.com/klaviyo/ ' })).toBe('https://proxy.example.com/klaviyo');
  });

  it('refuses anything that is not a plain http(s) address', () => {
    for (const value of ['a.klaviyo.com', 'ftp://a.klaviyo.com', 'file:///etc/passwd', 'http://user:pass@host', 'http://h/?q=1', 'not a url']) {
      expect(() => resolveKlaviyoBaseUrl({ KLAVIYO_BASE_URL: value })).toThrow(AppError);
    }
  });

  it('never echoes an API key pasted into the variable by mistake', () => {
    try {
      resolveKlaviyoBaseUrl({ KLAVIYO_BASE_URL: 'pk_TEST_0123456789abcdef_not_a_real_key' });
      expect.unreachable();
    } catch (error) {
      expect(AppError.is(error, 'INVALID_INPUT')).toBe(true);
      expect((error as AppError).message).not.toContain('0123456789abcdef');
    }
  });
});
