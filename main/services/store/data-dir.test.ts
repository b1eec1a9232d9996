import { describe, expect, it } from 'vitest';
import { resolveDataDir } from './data-dir.ts';

describe('resolveDataDir', () => {
  it('prefers LEADRELAY_DATA_DIR on every platform', () => {
    expect(resolveDataDir({ LEADRELAY_DATA_DIR: '/tmp/lr' }, 'linux', '/home/a')).toBe('/tmp/lr');
    expect(resolveDataDir({ LEADRELAY_DATA_DIR: 'D:\\lr', APPDATA: 'C:\\x' }, 'win32', 'C:\\Users\\a')).toBe('D:\\lr');
  });

  it('uses XDG_CONFIG_HOME on Linux, else ~/.config', () => {
    expect(resolveDataDir({ XDG_CONFIG_HOME: '/cfg' }, 'linux', '/home/a')).toBe('/cfg/LeadRelay');
    expect(resolveDataDir({}, 'linux', '/home/a')).toBe('/home/a/.config/LeadRelay');
  });

  it('uses Application Support on macOS and APPDATA on Windows', () => {
    expect(resolveDataDir({}, 'darwin', '/Users/a')).toBe('/Users/a/Library/Application Support/LeadRelay');
    expect(resolveDataDir({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32', 'C:\\Users\\a')).toBe('C:\\Users\\a\\AppData\\Roaming\\LeadRelay');
    expect(resolveDataDir({}, 'win32', 'C:\\Users\\a')).toBe('C:\\Users\\a\\AppData\\Roaming\\LeadRelay');
  });

  it('ignores a blank override', () => {
    expect(resolveDataDir({ LEADRELAY_DATA_DIR: '  ' }, 'linux', '/home/a')).toBe('/home/a/.config/LeadRelay');
  });
});
