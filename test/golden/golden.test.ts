/** The golden normalisation: timestamps, tool version and generated ids, nothing else. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalise } from './golden.ts';

test('timestamps of any precision and offset become TIMESTAMP; plain dates and years stay', () => {
  const got = normalise('a 2025-12-05T09:41:07.123Z b 2026-01-02T03:04:05+09:00 c 2024-05-06T07:08Z d 2024-05-06 e 2024');
  assert.equal(got, 'a TIMESTAMP b TIMESTAMP c TIMESTAMP d 2024-05-06 e 2024');
});

test('the tool version is replaced', () => {
  assert.equal(normalise('made by talentflow 0.1.0-rc.2 today'), 'made by talentflow VERSION today');
});

test('ids are renumbered in order of first appearance, with their references', () => {
  const a = '<clipPath id="clip7"/><g clip-path="url(#clip7)"/><a href="#sec"/><h2 id="sec"/><use xlink:href="#clip7"/>';
  const b = '<clipPath id="clip12"/><g clip-path="url(#clip12)"/><a href="#sec"/><h2 id="sec"/><use xlink:href="#clip12"/>';
  assert.equal(normalise(a), normalise(b));
  assert.equal(normalise(a), '<clipPath id="id1"/><g clip-path="url(#id1)"/><a href="#id2"/><h2 id="id2"/><use xlink:href="#id1"/>');
  // Different structure stays different.
  assert.notEqual(normalise('<g id="a"/><g id="b"/><use href="#a"/>'), normalise('<g id="a"/><g id="b"/><use href="#b"/>'));
});

test('numbers and text are left alone', () => {
  const s = '<text x="12.5">Korea 5.77%</text><td class="n">1,234</td>';
  assert.equal(normalise(s), s);
});
