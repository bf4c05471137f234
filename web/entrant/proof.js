// "Check my entry": recomputes the entrant's own draw score in the browser from the revealed seed, as
// docs/FAIRNESS.md specifies byte for byte (SHA-256 pseudonym salted with the entrant's own salt, the draw seed from the
// witnesses' secrets, HMAC-SHA256 score), with Web Crypto.

const encoder = new TextEncoder();

const toHex = (buffer) => [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');
const fromHex = (hex) => Uint8Array.from(hex.match(/../g) ?? [], (pair) => parseInt(pair, 16));

export async function sha256Hex(bytes) {
  return toHex(await crypto.subtle.digest('SHA-256', bytes));
}

/**
 * hex(SHA-256(UTF-8(campaignId + "|" + entrantId + "|" + salt))), the salt being the entrant's own (64 hex, from
 * their page); without a salt (null: a campaign published before salts) hex(SHA-256(UTF-8(campaignId + "|" + entrantId))).
 */
export function pseudonymOf(campaignId, entrantId, salt = null) {
  return sha256Hex(encoder.encode(salt == null ? `${campaignId}|${entrantId}` : `${campaignId}|${entrantId}|${salt}`));
}

/**
 * The draw seed (FAIRNESS.md section 4): the seed itself without a revealed witness secret, else
 * hex(SHA-256(seed ‖ revealed secrets in the witnesses' listed order)), over the raw 32-byte values.
 */
export async function drawSeedOf(seedHex, revealedSecretsHex) {
  if (revealedSecretsHex.length === 0) return seedHex;
  return sha256Hex(fromHex(seedHex + revealedSecretsHex.join('')));
}

/**
 * Checks a drawn proof's witnesses and draw seed: each revealed secret against its commitment, and the published
 * drawSeed against the one recomputed here (a proof without witnesses may leave drawSeed out: the seed scores it).
 * Returns { witnesses: [{ id, name, state, matches }], drawSeed, drawSeedMatches }.
 */
export async function checkWitnesses(proof) {
  const listed = proof.witnesses ?? [];
  const witnesses = await Promise.all(listed.map(async (w) => ({ id: w.id, name: w.name, state: w.state,
    // A drawn proof's witness either revealed a secret that matches its commitment or was excused, by someone, at a
    // time; one still "waiting" (or excused by nobody) means the draw ran without them, which the check must not pass.
    matches: w.state === 'revealed'
      ? /^[0-9a-f]{64}$/.test(w.secret ?? '') && (await sha256Hex(fromHex(w.secret))) === w.commitment
      : w.state === 'excused' && Boolean(w.excusedBy) && Boolean(w.excusedAt) })));
  const secrets = listed.filter((w) => w.state === 'revealed').map((w) => w.secret ?? '');
  const drawSeed = await drawSeedOf(proof.seed, secrets);
  const drawSeedMatches = (proof.drawSeed ?? (listed.length === 0 ? proof.seed : null)) === drawSeed;
  return { witnesses, drawSeed, drawSeedMatches };
}

/** ln(u) / weight, u from the first 53 bits of HMAC-SHA256(seed, campaignId|drawId|pseudonym). */
export async function scoreOf(seedHex, campaignId, drawId, pseudonym, weight) {
  const key = await crypto.subtle.importKey('raw', fromHex(seedHex), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(`${campaignId}|${drawId}|${pseudonym}`)));
  let n = 0n;
  for (let i = 0; i < 8; i += 1) n = (n << 8n) | BigInt(mac[i]);
  n >>= 11n;
  const u = (Number(n) + 0.5) / 9007199254740992;
  return Math.log(u) / weight;
}

/**
 * How many doubles apart a and b are (same sign). FAIRNESS.md allows a last-bit difference from the platform's ln:
 * V8's Math.log is not always correctly rounded (the worked example's weight-2 entry differs by one ulp from glibc).
 */
export function ulpsApart(a, b) {
  const bits = (x) => { const view = new DataView(new ArrayBuffer(8)); view.setFloat64(0, x); return view.getBigInt64(0); };
  if (Math.sign(a) !== Math.sign(b)) return a === b ? 0 : Infinity;
  const d = bits(a) - bits(b);
  return Number(d < 0n ? -d : d);
}

const same = (a, b) => ulpsApart(a, b) <= 1;

/** The pseudonym just before p (64 hex digits), for the entries endpoint's exclusive `after`; null for the first. */
function predecessor(pseudonym) {
  const value = BigInt(`0x${pseudonym}`);
  return value === 0n ? null : (value - 1n).toString(16).padStart(64, '0');
}

/**
 * Checks one entrant's entry in a drawn draw, with the salt only their own page shows (api.mine). Returns
 * { state, commitmentMatches, witnesses, drawSeedMatches, pseudonym, salt, entry, score, ranked, agrees } where state
 * is 'not-drawn', 'not-in-set' or 'checked'; the score is computed with the published draw seed (the seed when the
 * proof has none: a draw without witnesses).
 */
export async function checkMyEntry(api, campaignId, drawId, entrantId) {
  const [proof, mine] = await Promise.all([api.proof(campaignId, drawId), api.mine(campaignId)]);
  const salt = mine?.salt ?? null;
  const pseudonym = await pseudonymOf(campaignId, entrantId, salt);
  if (!proof.seed) return { state: 'not-drawn', pseudonym, salt };
  const commitmentMatches = (await sha256Hex(fromHex(proof.seed))) === proof.commitment;
  const { witnesses, drawSeedMatches } = await checkWitnesses(proof);
  const seedChecks = { commitmentMatches, witnesses, drawSeedMatches };
  const page = await api.drawEntries(campaignId, drawId, predecessor(pseudonym), 1);
  const entry = page.entries?.[0]?.pseudonym === pseudonym ? page.entries[0] : null;
  if (!entry) return { state: 'not-in-set', pseudonym, salt, ...seedChecks };

  // Scored with the published draw seed (checked above), so a ranking that disagrees says so apart from a bad draw seed.
  const score = await scoreOf(proof.drawSeed ?? proof.seed, campaignId, drawId, pseudonym, entry.weight);
  const ranking = proof.ranking ?? [];
  const ranked = ranking.find((r) => r.pseudonym === pseudonym) ?? null;
  let agrees;
  if (ranked) {
    agrees = same(Number(ranked.score), score) && ranked.weight === entry.weight;
  } else {
    // Not ranked: the ranking must be full and my score must fall after its last place.
    const last = ranking[ranking.length - 1];
    const full = ranking.length >= (proof.winners ?? 0) + (proof.alternates ?? 0);
    agrees = full && (!last || score < Number(last.score) || (same(score, Number(last.score)) && pseudonym > last.pseudonym));
  }
  const seedsHold = commitmentMatches && drawSeedMatches && witnesses.every((w) => w.matches);
  return { state: 'checked', pseudonym, salt, ...seedChecks, entry, score, ranked, agrees: agrees && seedsHold };
}
