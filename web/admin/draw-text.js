// What the console says about a draw, apart from the DOM (so a plain node test reaches it).

/** A draw as people call it: its display name, else its id (admin status, proof, winners, campaign definition alike). */
export const drawTitle = (draw) => draw.drawName || draw.name || draw.drawId || draw.id;

/**
 * The alternates the ranking really holds: the ranks after the winners. 40 entrants for 200 prizes leave none, whatever
 * number of alternates the campaign asked for.
 */
export const alternatesHeld = (proof) => Math.max(0, (proof.ranking?.length ?? 0) - (proof.winners ?? 0));
