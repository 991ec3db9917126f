import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLocalDiskStorage } from './local-disk-storage';
import { derivedImageKey, isValidStorageKey, newImageKey } from './object-storage';

const roots: string[] = [];
function tempRoot(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skywater-storage-'));
  roots.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of roots.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('local disk object storage', () => {
  it('stores a stream under its key and reads the same bytes back', async () => {
    const storage = createLocalDiskStorage(tempRoot());
    const key = newImageKey(7);
    const { sizeBytes } = await storage.put(key, Readable.from([Buffer.from('abc'), Buffer.from('def')]));
    expect(sizeBytes).toBe(6);
    expect(await storage.exists(key)).toBe(true);
    expect((await storage.getBuffer(key)).toString()).toBe('abcdef');
    const chunks: Buffer[] = [];
    for await (const chunk of await storage.get(key)) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('abcdef');
  });

  it('leaves nothing behind when the incoming stream fails half-way', async () => {
    const root = tempRoot();
    const storage = createLocalDiskStorage(root);
    const failing = new Readable({
      read() {
        this.push(Buffer.from('partial'));
        this.destroy(new Error('connection cut'));
      },
    });
    await expect(storage.put('images/1/x.jpg', failing)).rejects.toThrow('connection cut');
    expect(await storage.exists('images/1/x.jpg')).toBe(false);
    expect(fs.readdirSync(path.join(root, '.tmp'))).toEqual([]);
  });

  it('refuses keys that climb out of the root', async () => {
    const storage = createLocalDiskStorage(tempRoot());
    await expect(storage.put('../escape.jpg', Buffer.from('x'))).rejects.toThrow(/Invalid storage key/);
    expect(isValidStorageKey('images/1/../../x')).toBe(false);
    expect(isValidStorageKey('/etc/passwd')).toBe(false);
  });

  it('deletes, and deleting a missing key is not an error', async () => {
    const storage = createLocalDiskStorage(tempRoot());
    await storage.put('images/2/a.jpg', Buffer.from('x'));
    await storage.delete('images/2/a.jpg');
    await storage.delete('images/2/a.jpg');
    expect(await storage.exists('images/2/a.jpg')).toBe(false);
    await expect(storage.getBuffer('images/2/a.jpg')).rejects.toThrow(/not found/);
  });

  it('generates image keys server-side and derives copies beside the original', () => {
    const key = newImageKey(12);
    expect(key).toMatch(/^images\/12\/[0-9a-f-]{36}\.jpg$/);
    expect(isValidStorageKey(key)).toBe(true);
    expect(derivedImageKey(key, 'thumbnail')).toBe(key.replace('.jpg', '.thumbnail.jpg'));
  });
});
