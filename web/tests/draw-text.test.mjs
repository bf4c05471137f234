// web/admin/draw-text.js: how the console names a draw and counts its alternates (no browser needed).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alternatesHeld, drawTitle } from '../admin/draw-text.js';

const ranks = (n) => Array.from({ length: n }, (_, i) => ({ rank: i + 1 }));

test('the alternates shown are the ranks the ranking holds after its winners, not the number asked for', () => {
  assert.equal(alternatesHeld({ winners: 40, alternates: 200, ranking: ranks(40) }), 0, '40 entrants, 200 prizes');
  assert.equal(alternatesHeld({ winners: 2, alternates: 5, ranking: ranks(5) }), 3, 'fewer entrants than winners and alternates');
  assert.equal(alternatesHeld({ winners: 2, alternates: 2, ranking: ranks(4) }), 2);
  assert.equal(alternatesHeld({ winners: 0, alternates: 2 }), 0, 'no ranking yet');
});

test('a draw is called by its name, its id when it has none', () => {
  assert.equal(drawTitle({ drawId: 'lantern-draw', drawName: '元宵节抽奖' }), '元宵节抽奖');
  assert.equal(drawTitle({ id: 'lantern-draw', name: '元宵节抽奖' }), '元宵节抽奖');
  assert.equal(drawTitle({ drawId: 'lantern-draw' }), 'lantern-draw');
  assert.equal(drawTitle({ id: 'lantern-draw', name: '' }), 'lantern-draw');
});
