import { describe, expect, it } from 'vitest';
import { embedOptionsQuery, parseEmbedOptions } from './embed-options';

describe('embed options', () => {
  it('round-trips every option', () => {
    const options = {
      view: 'preview',
      file: 'src/main.ts',
      theme: 'dark',
      readonly: true,
      explorer: false,
      console: true,
      load: 'click',
    } as const;
    expect(parseEmbedOptions('?' + embedOptionsQuery(options))).toEqual(options);
  });

  it('drops unknown names and values outside the allow-lists', () => {
    expect(parseEmbedOptions('?view=giant&theme=pink&readonly=maybe&load=now&x=1&explorer=1')).toEqual({
      explorer: true,
    });
  });

  it('writes only allowed values', () => {
    expect(embedOptionsQuery({ view: 'nope' as never, readonly: false })).toBe('readonly=0');
  });
});
