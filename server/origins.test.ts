import { describe, expect, it } from 'vitest';
import { allowedOrigins, originAllowed, originOf, parseConfiguredOrigins } from './origins';

describe('origins', () => {
  it('reduces URLs to origins and refuses what is not an http(s) URL', () => {
    expect(originOf('http://192.168.1.20:3000/host#key=x')).toBe('http://192.168.1.20:3000');
    expect(originOf('https://podium.example.org')).toBe('https://podium.example.org');
    expect(originOf('HTTP://Podium.Local:3000/')).toBe('http://podium.local:3000');
    expect(originOf('podium.local')).toBeNull();
    expect(originOf('file:///etc/passwd')).toBeNull();
  });

  it('allows this machine on its port, the public URL and the configured origins; * turns the check off', () => {
    const list = allowedOrigins(3000, 'http://192.168.1.20:3000/', 'http://podium.local:3000, https://scores.example.org');
    expect(list).toContain('http://localhost:3000');
    expect(list).toContain('http://127.0.0.1:3000');
    expect(list).toContain('http://[::1]:3000');
    expect(list).toContain('http://192.168.1.20:3000');
    expect(list).toContain('http://podium.local:3000');
    expect(list).toContain('https://scores.example.org');
    expect(originAllowed(list, 'http://localhost:3000')).toBe(true);
    expect(originAllowed(list, 'http://localhost:3001')).toBe(false);
    expect(originAllowed(list, 'https://localhost:3000')).toBe(false);
    expect(originAllowed(list, 'null')).toBe(false);
    // Programs send no Origin at all.
    expect(originAllowed(list, undefined)).toBe(true);
    expect(allowedOrigins(3000, null, ' * ')).toBe('*');
    expect(originAllowed('*', 'http://anything.example')).toBe(true);
  });

  it('refuses a configured entry that is not an origin, naming it', () => {
    expect(() => parseConfiguredOrigins('http://ok.example:3000,podium.local')).toThrow('"podium.local" is not an origin');
    expect(parseConfiguredOrigins(undefined)).toEqual([]);
    expect(parseConfiguredOrigins('')).toEqual([]);
  });
});
