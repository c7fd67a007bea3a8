import { describe, expect, it } from 'vitest';
import { forcedPreviewMode } from './preview-mode';

describe('forcedPreviewMode', () => {
  it('is automatic without a query or setting', () => {
    expect(forcedPreviewMode('', null)).toBeUndefined();
    expect(forcedPreviewMode('?preview=other', 'nonsense')).toBeUndefined();
  });
  it('reads the query first, then the stored setting', () => {
    expect(forcedPreviewMode('?preview=bundled', null)).toBe('bundled');
    expect(forcedPreviewMode('?x=1&preview=service-worker', 'bundled')).toBe('service-worker');
    expect(forcedPreviewMode('', 'bundled')).toBe('bundled');
  });
});
