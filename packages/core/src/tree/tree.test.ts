import { describe, expect, it } from 'vitest';
import { Tree } from './tree.js';

describe('Tree', () => {
  it('lists creates, updates and deletes against the original snapshot', () => {
    const tree = new Tree(
      new Map([
        ['a.txt', Buffer.from('a')],
        ['b.txt', Buffer.from('b')],
      ]),
    );
    tree.write('a.txt', 'A', 'test');
    tree.delete('b.txt');
    tree.write('c.txt', 'c', 'test');
    expect(tree.listChanges().map(({ path, type }) => `${type} ${path}`)).toEqual(['update a.txt', 'delete b.txt', 'create c.txt']);
    expect(tree.paths()).toEqual(['a.txt', 'c.txt']);
  });

  it('drops a change when a write restores the original content', () => {
    const tree = new Tree(new Map([['a.txt', Buffer.from('same')]]));
    tree.write('a.txt', 'different', 'test');
    tree.write('a.txt', 'same', 'test');
    expect(tree.listChanges()).toEqual([]);
  });

  it('forgets a created file that is deleted again', () => {
    const tree = new Tree();
    tree.write('x', 'x', 'test');
    tree.delete('x');
    expect(tree.exists('x')).toBe(false);
    expect(tree.listChanges()).toEqual([]);
  });
});
