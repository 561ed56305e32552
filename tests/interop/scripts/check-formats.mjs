// Checks the facts of shared/formats/snarkjs.md against the committed fixtures in tests/fixtures/snarkjs/.
// Not run by CI (the C# readers' own tests do that job once they exist); run by hand after make-fixtures.sh:
//   cd tests/interop && node scripts/check-formats.mjs
// Prints one line per checked fact and exits 1 if any does not hold.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildBls12381 } from "ffjavascript";

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.resolve(here, "../../fixtures/snarkjs");
const POWER = 10;

const q = 0x1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaabn;
const r = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001n;
const mod = (a, m) => ((a % m) + m) % m;
function pow(b, e, m) { let x = 1n; b = mod(b, m); while (e > 0n) { if (e & 1n) x = x * b % m; b = b * b % m; e >>= 1n; } return x; }
const inv = (a, m) => pow(a, m - 2n, m);
const Rq = mod(1n << 384n, q), RqInv = inv(Rq, q);
const Rr = mod(1n << 256n, r);

let failures = 0;
function check(ok, what, detail = "") {
  if (!ok) failures++;
  console.log(`${ok ? "ok  " : "FAIL"} ${what}${detail ? "  (" + detail + ")" : ""}`);
}

const le = (buf, off, n) => { let x = 0n; for (let i = n - 1; i >= 0; i--) x = (x << 8n) | BigInt(buf[off + i]); return x; };
const u32 = (buf, off) => buf.readUInt32LE(off);

function binfile(file, magic) {
  const buf = fs.readFileSync(file);
  const m = buf.subarray(0, 4).toString("latin1");
  const version = u32(buf, 4), n = u32(buf, 8);
  const sections = [];
  let p = 12;
  for (let i = 0; i < n; i++) {
    const id = u32(buf, p), size = Number(buf.readBigUInt64LE(p + 4));
    sections.push({ id, pos: p + 12, size });
    p += 12 + size;
  }
  check(m === magic && p === buf.length, `${path.relative(fixtures, file)}: magic '${magic}', sections tile the file`, `version ${version}, order ${sections.map(s => s.id).join(",")}`);
  const sec = id => { const s = sections.filter(s => s.id === id); if (s.length !== 1) throw new Error(`${file}: section ${id} x${s.length}`); return s[0]; };
  return { buf, version, sections, sec };
}

// ---- Curve checks in plain BigInt (normal form) ----
const onG1 = (x, y) => mod(y * y - (x * x * x + 4n), q) === 0n;
const f2 = {
  mul: ([a0, a1], [b0, b1]) => [mod(a0 * b0 - a1 * b1, q), mod(a0 * b1 + a1 * b0, q)],
  add: ([a0, a1], [b0, b1]) => [mod(a0 + b0, q), mod(a1 + b1, q)],
  eq: ([a0, a1], [b0, b1]) => a0 === b0 && a1 === b1,
};
const onG2 = (x, y) => f2.eq(f2.mul(y, y), f2.add(f2.mul(f2.mul(x, x), x), [4n, 4n]));
const g1At = (buf, off) => [mod(le(buf, off, 48) * RqInv, q), mod(le(buf, off + 48, 48) * RqInv, q)];           // LEM -> normal
const g2At = (buf, off) => [[0, 48], [96, 144]].map(([a, b]) => [mod(le(buf, off + a, 48) * RqInv, q), mod(le(buf, off + b, 48) * RqInv, q)]);
const isZero = (buf, off, n) => buf.subarray(off, off + n).every(b => b === 0);
const jsonG1 = p => [BigInt(p[0]), BigInt(p[1])];
const jsonG2 = p => [[BigInt(p[0][0]), BigInt(p[0][1])], [BigInt(p[1][0]), BigInt(p[1][1])]];
const eqG1 = (a, b) => a[0] === b[0] && a[1] === b[1];
const eqG2 = (a, b) => f2.eq(a[0], b[0]) && f2.eq(a[1], b[1]);

// ---- ptau ----
const ptauFile = path.join(fixtures, `pot${POWER}_final.ptau`);
const ptau = binfile(ptauFile, "ptau");
{
  const h = ptau.sec(1);
  const n8q = u32(ptau.buf, h.pos), power = u32(ptau.buf, h.pos + 4 + n8q), ceremony = u32(ptau.buf, h.pos + 8 + n8q);
  check(n8q === 48 && le(ptau.buf, h.pos + 4, 48) === q && power === POWER, "ptau S1: n8q=48, q, power", `power ${power}, ceremonyPower ${ceremony}, S1 ${h.size} B`);
  const P = 2 ** POWER;
  const expect = { 2: (2 * P - 1) * 96, 3: P * 192, 4: P * 96, 5: P * 96, 6: 192, 12: (4 * P - 1) * 96, 13: (2 * P - 1) * 192, 14: (2 * P - 1) * 96, 15: (2 * P - 1) * 96 };
  for (const [id, size] of Object.entries(expect)) check(ptau.sec(+id).size === size, `ptau S${id} size`, `${ptau.sec(+id).size} B, expected ${size}`);
  const s2 = ptau.sec(2);
  const [gx, gy] = g1At(ptau.buf, s2.pos);
  check(onG1(gx, gy) && gx === 0x17f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bbn, "ptau S2[0] is the G1 generator; LEM with R = 2^384 decodes to an on-curve point");
  const [x2, y2] = g2At(ptau.buf, ptau.sec(3).pos + 192);
  check(onG2(x2, y2), "ptau S3 (G2) x.c0|x.c1|y.c0|y.c1 decodes on the twist");
}

// ---- per circuit ----
const curve = await buildBls12381();
try {
  for (const name of ["multiplier", "poly", "chain"]) {
    const dir = path.join(fixtures, name);
    console.log(`--- ${name}`);
    // r1cs
    const r1 = binfile(path.join(dir, "circuit.r1cs"), "r1cs");
    const h = r1.sec(1);
    const n8 = u32(r1.buf, h.pos);
    let o = h.pos + 4 + n8;
    const [nWires, nPubOut, nPubIn, nPrvIn] = [0, 1, 2, 3].map(i => u32(r1.buf, o + 4 * i));
    const nLabels = Number(r1.buf.readBigUInt64LE(o + 16)), nConstraints = u32(r1.buf, o + 24);
    check(h.size === 64 && n8 === 32 && le(r1.buf, h.pos + 4, 32) === r, "r1cs S1: 64 B, n8 = 32, prime r", `nWires ${nWires} pubOut ${nPubOut} pubIn ${nPubIn} prvIn ${nPrvIn} labels ${nLabels} constraints ${nConstraints}`);
    const cs = r1.sec(2);
    const constraints = [];
    o = cs.pos;
    for (let c = 0; c < nConstraints; c++) {
      const lcs = [];
      for (let m = 0; m < 3; m++) {
        const nt = u32(r1.buf, o); o += 4;
        const lc = new Map();
        for (let t = 0; t < nt; t++) { lc.set(u32(r1.buf, o), le(r1.buf, o + 4, 32)); o += 36; }
        lcs.push(lc);
      }
      constraints.push(lcs);
    }
    check(o === cs.pos + cs.size, "r1cs S2: constraints are A,B,C each u32 nTerms + (u32 wire, 32 B LE coeff); fills the section");
    check(r1.sec(3).size === 8 * nWires, "r1cs S3: nWires x u64", `${r1.sec(3).size} B`);
    const fmt = lc => "{" + [...lc].map(([w, v]) => `(${w}, ${v > r / 2n ? "-" + (r - v) : v})`).join(" ") + "}";
    console.log(`     first constraint: A=${fmt(constraints[0][0])} B=${fmt(constraints[0][1])} C=${fmt(constraints[0][2])}`);

    // wtns
    const w = binfile(path.join(dir, "witness.wtns"), "wtns");
    check(w.version === 2 && w.sections.length === 2 && w.sec(1).size === 40, "wtns: version 2, 2 sections, S1 40 B");
    const nW = u32(w.buf, w.sec(1).pos + 36);
    const wit = i => le(w.buf, w.sec(2).pos + 32 * i, 32);
    check(nW === nWires && wit(0) === 1n, "wtns: nWitness = r1cs nWires, wire 0 = 1 (normal form)");
    let sat = true;
    const ev = lc => { let s = 0n; for (const [k, v] of lc) s += v * wit(k); return mod(s, r); };
    for (const [A, B, C] of constraints) if (mod(ev(A) * ev(B) - ev(C), r) !== 0n) { sat = false; break; }
    check(sat, "wtns values (LE, normal form) satisfy every r1cs constraint");

    // zkey (initial and final)
    for (const zname of ["circuit_0000.zkey", "circuit_final.zkey"]) {
      const z = binfile(path.join(dir, zname), "zkey");
      check(z.version === 1 && z.sections.length === 10 && u32(z.buf, z.sec(1).pos) === 1, `${zname}: version 1, 10 sections, S1 protocol = 1`);
      const s2 = z.sec(2);
      let p = s2.pos;
      const n8q = u32(z.buf, p); const qq = le(z.buf, p + 4, n8q); p += 4 + n8q;
      const n8r = u32(z.buf, p); const rr = le(z.buf, p + 4, n8r); p += 4 + n8r;
      const nVars = u32(z.buf, p), nPublic = u32(z.buf, p + 4), domainSize = u32(z.buf, p + 8); p += 12;
      check(s2.size === 964 && n8q === 48 && qq === q && n8r === 32 && rr === r, `${zname} S2: 964 B, n8q 48, q, n8r 32, r`, `nVars ${nVars} nPublic ${nPublic} domainSize ${domainSize}`);
      check(nVars === nWires && nPublic === nPubOut + nPubIn, `${zname}: nVars = nWires, nPublic = outputs + public inputs`);
      const pts = {};
      for (const [k, g] of [["alpha1", 1], ["beta1", 1], ["beta2", 2], ["gamma2", 2], ["delta1", 1], ["delta2", 2]]) {
        pts[k] = g === 1 ? g1At(z.buf, p) : g2At(z.buf, p);
        p += g === 1 ? 96 : 192;
      }
      const allOn = ["alpha1", "beta1", "delta1"].every(k => onG1(...pts[k])) && ["beta2", "gamma2", "delta2"].every(k => onG2(...pts[k]));
      check(allOn && p === s2.pos + s2.size, `${zname} S2 points in order alpha1, beta1, beta2, gamma2, delta1, delta2 all decode on-curve`);
      const domainBits = Math.log2(domainSize);
      check(Number.isInteger(domainBits) && domainSize >= nConstraints + nPublic + 1 && domainSize / 2 < nConstraints + nPublic + 1, `${zname}: domainSize = next power of 2 >= nConstraints + nPublic + 1`);
      const sizes = { 3: (nPublic + 1) * 96, 5: nVars * 96, 6: nVars * 96, 7: nVars * 192, 8: (nVars - nPublic - 1) * 96, 9: domainSize * 96 };
      for (const [id, size] of Object.entries(sizes)) check(z.sec(+id).size === size, `${zname} S${id} size`, `${z.sec(+id).size} B, expected ${size}`);

      // S4 coefficients vs r1cs: stored value = coef * R^2 mod r (R = 2^256), matrix 0 = A, 1 = B, plus one A row per public input and wire 0.
      const s4 = z.sec(4);
      const nCoefs = u32(z.buf, s4.pos);
      const nnz = constraints.reduce((s, [A, B]) => s + A.size + B.size, 0);
      check(nCoefs === nnz + nPublic + 1 && s4.size === 4 + nCoefs * 44, `${zname} S4: nCoefs = nnz(A) + nnz(B) + nPublic + 1, 44 B each`, `nCoefs ${nCoefs}`);
      let encOk = true, extraOk = true;
      for (let i = 0; i < nCoefs; i++) {
        const off = s4.pos + 4 + 44 * i;
        const matrix = u32(z.buf, off), c = u32(z.buf, off + 4), s = u32(z.buf, off + 8), v = le(z.buf, off + 12, 32);
        if (c < nConstraints) {
          const expected = constraints[c][matrix].get(s);
          if (expected === undefined || v !== mod(expected * Rr * Rr, r)) encOk = false;
        } else if (!(matrix === 0 && c - nConstraints === s && v === mod(Rr * Rr, r))) extraOk = false;
      }
      check(encOk, `${zname} S4: coefficient = r1cs value * R^2 mod r (R = 2^256 mod r)`);
      check(extraOk, `${zname} S4: extra rows are A[nConstraints + i][i] = 1 (stored as R^2) for i = 0..nPublic`);

      // vk json vs this zkey
      if (zname === "circuit_final.zkey") {
        const vk = JSON.parse(fs.readFileSync(path.join(dir, "verification_key.json")));
        check(vk.protocol === "groth16" && vk.curve === "bls12381" && vk.nPublic === nPublic && vk.IC.length === nPublic + 1, "verification_key.json: protocol, curve, nPublic, IC count");
        check(eqG1(jsonG1(vk.vk_alpha_1), pts.alpha1) && eqG2(jsonG2(vk.vk_beta_2), pts.beta2) && eqG2(jsonG2(vk.vk_gamma_2), pts.gamma2) && eqG2(jsonG2(vk.vk_delta_2), pts.delta2),
          "verification_key.json alpha1/beta2/gamma2/delta2 = zkey S2 points at those positions (decimal, normal form, [[x.c0,x.c1],[y.c0,y.c1],[1,0]])");
        check(vk.vk_alpha_1[2] === "1" && vk.vk_beta_2[2][0] === "1" && vk.vk_beta_2[2][1] === "0", "verification_key.json points have z = 1 / [1, 0]");
        let icOk = true;
        for (let i = 0; i <= nPublic; i++) if (!eqG1(jsonG1(vk.IC[i]), g1At(z.buf, z.sec(3).pos + 96 * i))) icOk = false;
        check(icOk, "verification_key.json IC = zkey S3");
        check(vk.vk_alphabeta_12.length === 2 && vk.vk_alphabeta_12.every(a => a.length === 3 && a.every(b => b.length === 2)), "vk_alphabeta_12 is 2 x 3 x 2 decimal strings");
        const proof = JSON.parse(fs.readFileSync(path.join(dir, "proof.json")));
        check(onG1(...jsonG1(proof.pi_a)) && onG1(...jsonG1(proof.pi_c)) && onG2(...jsonG2(proof.pi_b)) && !onG2(...jsonG2(proof.pi_b).map(([a, b]) => [b, a])),
          "proof.json pi_a, pi_c on G1; pi_b on the twist as [[x.c0,x.c1],[y.c0,y.c1]] and not with c0/c1 swapped");
        check(proof.protocol === "groth16" && proof.curve === "bls12381" && proof.pi_a[2] === "1" && proof.pi_b[2][0] === "1" && proof.pi_b[2][1] === "0", "proof.json: protocol, curve, z = 1");
      }

      // H = odd-index points of the 2n Lagrange block of ptau S12 (block at offset 2n - 1), divided by delta (delta = 1 in circuit_0000).
      if (zname === "circuit_0000.zkey") {
        const s9 = z.sec(9), s12 = ptau.sec(12);
        const blockOff = s12.pos + (2 * domainSize - 1) * 96;
        let same = true;
        for (let i = 0; i < domainSize; i++) if (!z.buf.subarray(s9.pos + 96 * i, s9.pos + 96 * i + 96).equals(ptau.buf.subarray(blockOff + 96 * (2 * i + 1), blockOff + 96 * (2 * i + 2)))) same = false;
        check(same && eqG1(pts.delta1, [0x17f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bbn, 0x08b3f481e3aaa0f1a09e30ed741d8ae4fcf5e095d5d00af600db18cb2c04b3edd03cc744a2888ae40caa232946c5e7e1n]),
          "circuit_0000.zkey: delta1 = G1 generator and S9 H[i] = ptau S12 block(2n)[2i+1], byte for byte", `n = ${domainSize}, block 2n is ${2 * domainSize === 2 ** (POWER + 1) ? "the TOP block" : "not the top block"}`);
      }
    }
  }

  // A zkey contribution rescales delta and divides C (S8) and H (S9) by its delta; A, B1, B2, IC stay byte-identical.
  for (const name of ["multiplier", "chain"]) {
    const z0 = binfile(path.join(fixtures, name, "circuit_0000.zkey"), "zkey");
    const z1 = binfile(path.join(fixtures, name, "circuit_final.zkey"), "zkey");
    const bytes = (z, id) => z.buf.subarray(z.sec(id).pos, z.sec(id).pos + z.sec(id).size);
    check([3, 4, 5, 6, 7].every(id => bytes(z0, id).equals(bytes(z1, id))), `${name}: S3..S7 identical in circuit_0000.zkey and circuit_final.zkey`);
    const delta2 = curve.G2.fromRprLEM(z1.buf, z1.sec(2).pos + 100 + 3 * 96 + 2 * 192); // after the 100 B of numbers, alpha1, beta1, beta2, gamma2, delta1
    const g2 = curve.G2.g;
    let ok = true;
    for (const [id, i] of [[8, 0], [8, 1], [9, 0], [9, 3]]) {
      const p0 = curve.G1.fromRprLEM(z0.buf, z0.sec(id).pos + 96 * i), p1 = curve.G1.fromRprLEM(z1.buf, z1.sec(id).pos + 96 * i);
      if (!(await curve.pairingEq(p1, delta2, curve.G1.neg(p0), g2))) ok = false;
    }
    check(ok, `${name}: e(C_final, delta2) = e(C_0000, G2) and e(H_final, delta2) = e(H_0000, G2)  (C and H divided by delta)`);
  }

  // The top Lagrange block of S12 (size m = 2^(power+1)) is the iFFT of (tau^0 .. tau^(m-2), 0): the missing tau^(m-1) is taken as zero.
  {
    const m = 2 ** (POWER + 1);
    const s2 = ptau.sec(2), s12 = ptau.sec(12);
    const lagrangeAt = async (block, i) => {
      // L_i(tau) G1 = (1/block) sum_j w_block^(-ij) tau^j G1, over the powers that S2 holds (2^(power+1) - 1 of them).
      const k = Math.log2(block);
      const wb = inv(curve.Fr.toObject(curve.Fr.w[k]), r);
      const avail = Math.min(block, 2 * 2 ** POWER - 1);
      const scalars = Buffer.alloc(32 * avail);
      const bi = inv(BigInt(block), r);
      for (let j = 0; j < avail; j++) {
        let s = pow(wb, BigInt(i * j), r) * bi % r;
        for (let b = 0; b < 32; b++) { scalars[32 * j + b] = Number(s & 0xffn); s >>= 8n; }
      }
      const bases = ptau.buf.subarray(s2.pos, s2.pos + 96 * avail);
      const lem = new Uint8Array(96);
      curve.G1.toRprLEM(lem, 0, await curve.G1.multiExpAffine(bases, scalars));
      return Buffer.from(lem);
    };
    for (const [block, i] of [[m / 2, 1], [m / 2, 5], [m, 1], [m, 7]]) {
      const off = s12.pos + (block - 1 + i) * 96;
      check((await lagrangeAt(block, i)).equals(ptau.buf.subarray(off, off + 96)),
        `ptau S12 block ${block}, index ${i} = (1/${block}) sum_j w^(-ij) tau^j G1 over ${Math.min(block, 2 ** (POWER + 1) - 1)} powers${block === m ? " (top block: tau^(m-1) missing, taken as 0)" : ""}`);
    }
  }
} finally {
  await curve.terminate();
}
console.log(failures === 0 ? "all facts hold" : `${failures} FAILED`);
process.exit(failures === 0 ? 0 : 1);
