import { describe, expect, it } from 'vitest';
import {
  EMPTY_PACKAGE_JSON,
  findDependency,
  formattingOf,
  registryPackageOf,
  removeDependency,
  setDependency,
  updatedRange,
} from './package-json-edit';

const FOUR_SPACES = `{
    "name": "app",
    "dependencies": {
        "b": "1.0.0",
        "d": "^2.0.0"
    },
    "devDependencies": {
        "vite": "^8.0.0"
    }
}
`;

describe('setDependency', () => {
  it('inserts a new package at its alphabetical place, in the file own indentation', () => {
    expect(setDependency(FOUR_SPACES, 'c', '^1.2.3', 'dependencies')).toBe(
      FOUR_SPACES.replace('"b": "1.0.0",\n', '"b": "1.0.0",\n        "c": "^1.2.3",\n'),
    );
    const first = setDependency(FOUR_SPACES, 'a', '^1.0.0', 'dependencies');
    expect(Object.keys(JSON.parse(first).dependencies)).toEqual(['a', 'b', 'd']);
    const last = setDependency(FOUR_SPACES, 'z', '^1.0.0', 'dependencies');
    expect(Object.keys(JSON.parse(last).dependencies)).toEqual(['b', 'd', 'z']);
    expect(last).toContain('\n        "z": "^1.0.0"\n    },');
  });

  it('sorts scoped names as npm does', () => {
    const text = setDependency(FOUR_SPACES, '@types/react', '^18.3.0', 'dependencies');
    expect(Object.keys(JSON.parse(text).dependencies)).toEqual(['@types/react', 'b', 'd']);
  });

  it('changes an existing range in place and keeps the rest byte for byte', () => {
    expect(setDependency(FOUR_SPACES, 'd', '^3.0.0', 'dependencies')).toBe(
      FOUR_SPACES.replace('"d": "^2.0.0"', '"d": "^3.0.0"'),
    );
  });

  it('moves a package between dependencies and devDependencies, leaving {} behind', () => {
    const text = setDependency(FOUR_SPACES, 'vite', '^8.0.0', 'dependencies');
    const json = JSON.parse(text);
    expect(json.dependencies).toEqual({ b: '1.0.0', d: '^2.0.0', vite: '^8.0.0' });
    expect(json.devDependencies).toEqual({});
    expect(text).toContain('"devDependencies": {}');
  });

  it('keeps a peer dependency next to a dev one', () => {
    const text = '{\n  "peerDependencies": {\n    "react": ">=18"\n  }\n}\n';
    const json = JSON.parse(setDependency(text, 'react', '^18.3.1', 'devDependencies'));
    expect(json).toEqual({ peerDependencies: { react: '>=18' }, devDependencies: { react: '^18.3.1' } });
  });

  it('creates the section: dependencies before devDependencies, others at the end', () => {
    const text = '{\n  "name": "x",\n  "devDependencies": {\n    "vite": "^8.0.0"\n  },\n  "license": "MIT"\n}\n';
    const deps = setDependency(text, 'react', '^18.3.1', 'dependencies');
    expect(Object.keys(JSON.parse(deps))).toEqual(['name', 'dependencies', 'devDependencies', 'license']);
    expect(deps).toContain('  "dependencies": {\n    "react": "^18.3.1"\n  },\n  "devDependencies"');
    const opt = setDependency(text, 'fsevents', '^2.3.0', 'optionalDependencies');
    expect(Object.keys(JSON.parse(opt))).toEqual(['name', 'devDependencies', 'license', 'optionalDependencies']);
  });

  it('fills an empty package.json', () => {
    expect(setDependency(EMPTY_PACKAGE_JSON, 'react', '^18.3.1', 'dependencies')).toBe(
      '{\n  "dependencies": {\n    "react": "^18.3.1"\n  }\n}\n',
    );
  });

  it('keeps tabs and CRLF line endings', () => {
    const text = '{\r\n\t"name": "x"\r\n}\r\n';
    const out = setDependency(text, 'a', '1.0.0', 'devDependencies');
    expect(out).toBe('{\r\n\t"name": "x",\r\n\t"devDependencies": {\r\n\t\t"a": "1.0.0"\r\n\t}\r\n}\r\n');
  });

  it('refuses a broken file, naming the line', () => {
    const broken = '{\n  "name": "x",\n  "dependencies": {\n    "a": "1"\n    "b": "2"\n  }\n}\n';
    expect(() => setDependency(broken, 'c', '1', 'dependencies')).toThrow(/package.json is not valid JSON.*line 5/);
    expect(() => setDependency('{\n  "a": 1,\n}', 'c', '1', 'dependencies')).toThrow(/line 3/);
    expect(() => setDependency('', 'c', '1', 'dependencies')).toThrow(/not valid JSON/);
    expect(() => setDependency('[]', 'c', '1', 'dependencies')).toThrow(/must contain a JSON object/);
    expect(() => setDependency('{ "dependencies": "react" }', 'c', '1', 'dependencies')).toThrow(
      /"dependencies" in package.json \(line 1\) must be an object/,
    );
  });
});

describe('removeDependency', () => {
  it('removes the package from every section it is in', () => {
    const text = setDependency(FOUR_SPACES, 'b', '^1.0.0', 'peerDependencies');
    const out = removeDependency(text, 'b');
    expect(findDependency(out, 'b')).toEqual([]);
    expect(JSON.parse(out).dependencies).toEqual({ d: '^2.0.0' });
    expect(out).toContain('"peerDependencies": {}');
  });

  it('gives back the same text when the package is not there', () => {
    expect(removeDependency(FOUR_SPACES, 'nope')).toBe(FOUR_SPACES);
  });

  it('refuses a broken file', () => {
    expect(() => removeDependency('{ "dependencies": { "a": "1" ', 'a')).toThrow(/not valid JSON/);
  });
});

describe('findDependency', () => {
  it('lists the sections and ranges in section order', () => {
    expect(findDependency(FOUR_SPACES, 'vite')).toEqual([{ section: 'devDependencies', range: '^8.0.0' }]);
    expect(findDependency(FOUR_SPACES, 'b')).toEqual([{ section: 'dependencies', range: '1.0.0' }]);
    expect(findDependency(FOUR_SPACES, 'x')).toEqual([]);
  });
});

describe('formattingOf', () => {
  it('reads the indentation of the first indented line', () => {
    expect(formattingOf(FOUR_SPACES)).toMatchObject({ insertSpaces: true, tabSize: 4, eol: '\n' });
    expect(formattingOf('{}')).toMatchObject({ insertSpaces: true, tabSize: 2 });
    expect(formattingOf('{\n\t"a": 1\n}')).toMatchObject({ insertSpaces: false });
  });
});

describe('updatedRange', () => {
  it('keeps the way the range was written', () => {
    expect(updatedRange('^17.0.2', '18.3.1')).toBe('^18.3.1');
    expect(updatedRange('~4.17.0', '4.17.21')).toBe('~4.17.21');
    expect(updatedRange('4.17.0', '4.17.21')).toBe('4.17.21');
    expect(updatedRange('>=1 <3', '3.1.0')).toBe('^3.1.0');
    expect(updatedRange('latest', '3.1.0')).toBe('^3.1.0');
    expect(updatedRange('npm:@scope/real@~1.0.0', '1.2.0')).toBe('npm:@scope/real@~1.2.0');
    expect(updatedRange('npm:real', '2.0.0')).toBe('npm:real@^2.0.0');
  });
});

describe('registryPackageOf', () => {
  it('follows npm: aliases and refuses non-registry specs', () => {
    expect(registryPackageOf('react', '^18')).toEqual({ name: 'react', range: '^18' });
    expect(registryPackageOf('old', 'npm:@s/new@^2')).toEqual({ name: '@s/new', range: '^2' });
    for (const spec of [
      'git+https://x.test/a.git',
      'github:user/repo',
      'user/repo',
      'file:../x',
      'https://x.test/a.tgz',
    ])
      expect(registryPackageOf('a', spec), spec).toBeUndefined();
  });
});
