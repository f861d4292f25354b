import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileSource, gitBlobHash, obtainPinnedFile, type FileSource, type PinnedFile } from './pinned-file';

const GOOD = Buffer.from('{"pinned": true}\n');
const OTHER = Buffer.from('{"pinned": false}\n');

describe('obtainPinnedFile', () => {
  let dir: string;
  let pin: PinnedFile;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pinned-file-'));
    pin = {
      what: 'the test file',
      blobs: [gitBlobHash(GOOD)],
      cacheFile: join(dir, 'cache', 'file.json'),
      provide: 'Provide it: set TEST_FILE.',
    };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, content: Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const fetched = (name: string, content: Buffer): FileSource => ({
    name,
    read: () => Promise.resolve({ content }),
  });
  const failing = (name: string, message: string): FileSource => ({
    name,
    read: () => Promise.reject(new Error(message)),
  });

  it('when hashing a file, then the hash is the one git gives it', () => {
    const path = write('some.json', GOOD);
    expect(gitBlobHash(readFileSync(path))).toBe(
      execFileSync('git', ['hash-object', path], { encoding: 'utf8' }).trim(),
    );
  });

  it('when a source holds another content, then it is refused and the next source is used', async () => {
    const wrong = write('wrong.json', OTHER);
    const right = write('right.json', GOOD);
    await expect(
      obtainPinnedFile(pin, [fileSource('first', wrong), fileSource('second', right)]),
    ).resolves.toEqual({ path: right, source: 'second' });
  });

  it('when an earlier source has the file, then the later ones are not asked', async () => {
    const right = write('right.json', GOOD);
    const later = jest.fn(() => Promise.resolve({ content: GOOD }));
    await expect(
      obtainPinnedFile(pin, [fileSource('first', right), { name: 'later', read: later }]),
    ).resolves.toEqual({ path: right, source: 'first' });
    expect(later).not.toHaveBeenCalled();
  });

  it('when a source fetches the pinned content, then it is cached and the cached path is given', async () => {
    const result = await obtainPinnedFile(pin, [
      fileSource('missing', join(dir, 'nowhere.json')),
      failing('offline', 'getaddrinfo ENOTFOUND'),
      fetched('module', GOOD),
    ]);
    expect(result).toEqual({ path: pin.cacheFile, source: `module, cached in ${pin.cacheFile}` });
    expect(readFileSync(pin.cacheFile)).toEqual(GOOD);
  });

  it('when a fetched content has another hash, then nothing is cached and the run fails', async () => {
    await expect(obtainPinnedFile(pin, [fetched('module', OTHER)])).rejects.toThrow(
      `module: refused, its git blob is ${gitBlobHash(OTHER)}, not ${gitBlobHash(GOOD)}`,
    );
    expect(() => readFileSync(pin.cacheFile)).toThrow('ENOENT');
  });

  it('when no source has it, then the error says what each source gave and what to provide', async () => {
    const wrong = write('wrong.json', OTHER);
    const error = await obtainPinnedFile(pin, [
      fileSource('missing', join(dir, 'nowhere.json')),
      fileSource('wrong', wrong),
      failing('offline', 'getaddrinfo ENOTFOUND'),
    ]).catch((err: Error) => err);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message.split('\n')).toEqual([
      'the test file could not be found or fetched.',
      '  missing: not there',
      `  wrong: refused, its git blob is ${gitBlobHash(OTHER)}, not ${gitBlobHash(GOOD)}`,
      '  offline: failed (getaddrinfo ENOTFOUND)',
      'Provide it: set TEST_FILE.',
    ]);
  });
});
