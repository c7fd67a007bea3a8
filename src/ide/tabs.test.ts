import { describe, expect, it } from 'vitest';
import { activateRelative, closeTab, emptyTabs, openTab, removeTabs, renameTabs } from './tabs';

describe('tabs', () => {
  it('opens next to the active tab and activates', () => {
    let s = openTab(emptyTabs, 'a');
    s = openTab(s, 'b');
    s = openTab({ ...s, active: 'a' }, 'c');
    expect(s).toEqual({ tabs: ['a', 'c', 'b'], active: 'c' });
    expect(openTab(s, 'a')).toEqual({ tabs: ['a', 'c', 'b'], active: 'a' });
  });

  it('closing the active tab activates its neighbour', () => {
    const s = { tabs: ['a', 'b', 'c'], active: 'b' };
    expect(closeTab(s, 'b')).toEqual({ tabs: ['a', 'c'], active: 'c' });
    expect(closeTab({ ...s, active: 'c' }, 'c')).toEqual({ tabs: ['a', 'b'], active: 'b' });
    expect(closeTab(s, 'a')).toEqual({ tabs: ['b', 'c'], active: 'b' });
    expect(closeTab({ tabs: ['a'], active: 'a' }, 'a')).toEqual({ tabs: [], active: undefined });
  });

  it('follows renames of files and folders', () => {
    const s = { tabs: ['src/a.ts', 'src/x/b.ts', 'srcs.ts'], active: 'src/x/b.ts' };
    expect(renameTabs(s, 'src', 'lib')).toEqual({ tabs: ['lib/a.ts', 'lib/x/b.ts', 'srcs.ts'], active: 'lib/x/b.ts' });
    expect(renameTabs(s, 'src/a.ts', 'src/c.ts').tabs[0]).toBe('src/c.ts');
  });

  it('closes tabs under a deleted folder', () => {
    const s = { tabs: ['src/a.ts', 'src/x/b.ts', 'index.html'], active: 'src/a.ts' };
    const { state, closed } = removeTabs(s, 'src');
    expect(closed).toEqual(['src/a.ts', 'src/x/b.ts']);
    expect(state).toEqual({ tabs: ['index.html'], active: 'index.html' });
  });

  it('cycles', () => {
    expect(activateRelative({ tabs: ['a', 'b'], active: 'b' }, 1).active).toBe('a');
    expect(activateRelative({ tabs: ['a', 'b'], active: 'a' }, -1).active).toBe('b');
  });
});
