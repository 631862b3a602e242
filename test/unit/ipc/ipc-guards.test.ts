import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  allowedHelpUrl, HELP_HOSTS, isTrustedRendererUrl, isTrustedSender, safeDefaultFileName, type TrustedRenderer,
} from '../../../electron/core/ipc-guards';

const packaged: TrustedRenderer = { kind: 'file', url: 'file:///opt/Audience%20Sync/resources/app.asar/dist-renderer/index.html' };
const dev: TrustedRenderer = { kind: 'origin', origin: 'http://localhost:5173' };

describe('isTrustedRendererUrl', () => {
  it('trusts our packaged index.html, with or without a hash route', () => {
    expect(isTrustedRendererUrl(packaged.kind === 'file' ? packaged.url : '', packaged)).toBe(true);
    expect(isTrustedRendererUrl('file:///opt/Audience%20Sync/resources/app.asar/dist-renderer/index.html#/history', packaged)).toBe(true);
  });

  it.each([
    'file:///opt/Audience%20Sync/resources/app.asar/dist-renderer/other.html',
    'file:///tmp/index.html',
    'file:///opt/Audience%20Sync/resources/app.asar/dist-renderer/index.html?x=1',
    'https://evil.example/opt/Audience%20Sync/resources/app.asar/dist-renderer/index.html',
    'about:blank',
    'data:text/html,hi',
    'not a url',
  ])('does not trust %s in the packaged app', (url) => {
    expect(isTrustedRendererUrl(url, packaged)).toBe(false);
  });

  it('trusts only the dev server origin in development', () => {
    expect(isTrustedRendererUrl('http://localhost:5173/', dev)).toBe(true);
    expect(isTrustedRendererUrl('http://localhost:5173/#/sync', dev)).toBe(true);
    expect(isTrustedRendererUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isTrustedRendererUrl('https://localhost:5173/', dev)).toBe(false);
    expect(isTrustedRendererUrl('http://localhost.evil.example:5173/', dev)).toBe(false);
    expect(isTrustedRendererUrl('file:///index.html', dev)).toBe(false);
  });
});

describe('isTrustedSender', () => {
  const url = packaged.kind === 'file' ? packaged.url : '';
  it('accepts our window main frame showing our renderer', () => {
    expect(isTrustedSender({ webContentsId: 7, frameUrl: url, isMainFrame: true }, 7, packaged)).toBe(true);
  });
  it('drops another webContents, a subframe, a vanished frame, or a foreign page', () => {
    expect(isTrustedSender({ webContentsId: 8, frameUrl: url, isMainFrame: true }, 7, packaged)).toBe(false);
    expect(isTrustedSender({ webContentsId: 7, frameUrl: url, isMainFrame: false }, 7, packaged)).toBe(false);
    expect(isTrustedSender({ webContentsId: 7, frameUrl: null, isMainFrame: true }, 7, packaged)).toBe(false);
    expect(isTrustedSender({ webContentsId: 7, frameUrl: 'https://evil.example/', isMainFrame: true }, 7, packaged)).toBe(false);
  });
});

describe('allowedHelpUrl', () => {
  it.each([
    'https://help.klaviyo.com/hc/en-us/articles/115005062267',
    'https://developers.klaviyo.com/en/docs/rate_limits_and_error_handling',
    'https://www.klaviyo.com/pricing',
    'https://HELP.klaviyo.com/hc/',
  ])('opens the Klaviyo page %s', (url) => {
    expect(allowedHelpUrl(url)).toBe(new URL(url).href);
  });

  it.each([
    'http://help.klaviyo.com/hc/',
    'https://klaviyo.com/',
    'https://help.klaviyo.com.evil.example/',
    'https://evil.example/?https://help.klaviyo.com/',
    'https://user:pass@help.klaviyo.com/',
    'https://help.klaviyo.com:8443/',
    'https://a.help.klaviyo.com/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'mailto:support@klaviyo.com',
    '',
  ])('refuses %s', (url) => {
    expect(allowedHelpUrl(url)).toBeNull();
  });

  it('refuses anything that is not a string', () => {
    for (const value of [null, undefined, 42, { href: 'https://help.klaviyo.com/' }, ['https://help.klaviyo.com/']]) {
      expect(allowedHelpUrl(value)).toBeNull();
    }
  });

  it('never lets a URL through whose host is not on the list', () => {
    fc.assert(fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), (url) => {
      const result = allowedHelpUrl(url);
      if (result !== null) expect(HELP_HOSTS).toContain(new URL(result).hostname);
    }));
  });
});

describe('safeDefaultFileName', () => {
  it('keeps a plain file name and strips any folder the page put in it', () => {
    expect(safeDefaultFileName('rejects.csv')).toBe('rejects.csv');
    expect(safeDefaultFileName('../../etc/cron.d/job')).toBe('job');
    expect(safeDefaultFileName('C:\\Windows\\evil.bat')).toBe('evil.bat');
    expect(safeDefaultFileName('..')).toBe('export.csv');
    expect(safeDefaultFileName(42)).toBe('export.csv');
  });
});
