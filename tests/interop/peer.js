// transit-js side of tests/interop.rs. Written for this repository; needs only the
// npm package `transit-js`, found through NODE_PATH.
//
//   node peer.js gen SEED COUNT OUT_JSON OUT_VERBOSE
//       COUNT random values from SEED, each written by transit-js once per mode,
//       one value per line (value i is on line i of both files).
//   node peer.js describe < LINES > RESULTS
//       For each input line (one Transit value, either mode), one JSON line:
//       {"fp": <fingerprint>, "json": <transit-js compact re-encoding>,
//        "verbose": <transit-js verbose re-encoding>} or {"error": "..."}.
//
// A fingerprint describes the value in transit-js's own type model, as nested JSON
// arrays: ["nil"], ["bool", b], ["num", text], ["int", digits] (goog.math.Long),
// ["str", s], ["kw", name], ["sym", name], ["uuid", s], ["inst", millis],
// ["bytes", base64], ["arr", [..]], ["set", [..]], ["map", [[k, v], ..]],
// ["tag", tag, rep] (every TaggedValue: n, f, r, list, link and unknown tags).
// The Rust side sorts sets and maps, so order does not matter.
"use strict";

const t = require("transit-js");
const fs = require("fs");

// ---------------------------------------------------------------- random source

// splitmix64 over BigInt for the seed, mulberry32 for the stream.
function makeRng(seedText) {
  let s = BigInt.asUintN(64, BigInt(seedText) + 0x9e3779b97f4a7c15n);
  s = BigInt.asUintN(64, (s ^ (s >> 30n)) * 0xbf58476d1ce4e5b9n);
  s = BigInt.asUintN(64, (s ^ (s >> 27n)) * 0x94d049bb133111ebn);
  s = s ^ (s >> 31n);
  let a = Number(s & 0xffffffffn) ^ Number(s >> 32n);
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  return {
    float: next,
    int: (n) => Math.floor(next() * n),
    chance: (p) => next() < p,
    pick: (xs) => xs[Math.floor(next() * xs.length)],
    u32: () => Math.floor(next() * 4294967296),
  };
}

// ---------------------------------------------------------------- generators

const MAX_DEPTH = 4;
const TWO53 = 2n ** 53n;
const TWO63 = 2n ** 63n;

// Characters for `~c` values (transit-js has no char type, so they are written as
// tagged("c", ch)). No string of length 1 uses one of these: transit-js reads `~c`
// back as a plain string, and a char and a one-character string in one set or as
// keys of one map would then collapse into one member.
const CHAR_POOL = [..."αβγδεζηθλμπσω~^`\" \\ℵ", "\u{1D6FC}"];

const ALPHABETS = [
  "abcdefghijklmnopqrstuvwxyz",
  "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
  "~^`#:$ -_/.,;!?*'\"\\{}[]",
  "\n\t\r\b\f\u0000\u0001\u001f\u007f",
  "éñüßçøåÉ",
  "詹姆斯名前日本語",
  "\u2028\u2029\ufeff\u0085\u00a0\uffff",
];
const ASTRAL = ["😀", "🎉", "𝄞", "\u{10FFFF}", "\u{1F600}"];

function genText(r, maxLen) {
  const len = r.int(maxLen + 1);
  let s = "";
  for (let i = 0; i < len; i++) {
    if (r.chance(0.06)) {
      s += r.pick(ASTRAL);
    } else {
      s += r.pick([...r.pick(ALPHABETS)]);
    }
  }
  return s;
}

function genString(r) {
  for (;;) {
    let s;
    switch (r.int(8)) {
      case 0:
        s = r.pick(["", "^ ", "~#set", "~:kw", "#abc", "^0", "~i1", "~", "^", "`", "~~", "~#'", "^ x"]);
        break;
      case 1:
        s = r.pick(["~", "^", "`", "~#", "#", "~:"]) + genText(r, 6);
        break;
      case 2:
        s = genText(r, 40);
        break;
      default:
        s = genText(r, 8);
    }
    if ([...s].length === 1 && CHAR_POOL.includes(s)) continue;
    return s;
  }
}

function genName(r) {
  const ident = () => {
    const first = r.pick([..."abcdefghijklmnopqrstuvwxyz*!?-+<>=_"]);
    let s = first;
    const n = r.int(7);
    for (let i = 0; i < n; i++) s += r.pick([..."abcdefghijklmnopqrstuvwxyz0123456789-_?!*.:'"]);
    return s;
  };
  switch (r.int(6)) {
    case 0:
      return r.pick(["a", "ab", "abc", "abcd", "x/y", "é", "名前", "ns/😀", "a.b/c-d"]);
    case 1:
      return ident() + "/" + ident();
    case 2:
      return genText(r, 5) || "z";
    default:
      return ident();
  }
}

function genSafeInt(r) {
  switch (r.int(5)) {
    case 0:
      return r.int(21) - 10;
    case 1:
      return r.pick([9007199254740991, -9007199254740991, 2147483647, -2147483648, 0]);
    case 2:
      return r.u32() - 2147483648;
    default: {
      const hi = r.int(2 ** 21);
      const v = hi * 4294967296 + r.u32();
      return r.chance(0.5) ? -v : v;
    }
  }
}

// JS Numbers beyond +-(2^53-1): integral doubles. transit-js writes them as bare JSON
// numbers (not `~i`), the first interop quirk the Rust side knows about.
function genUnsafeNumber(r) {
  const v = r.pick([
    2 ** 53, 2 ** 53 + 2, 2 ** 60, 1e16, 1e20, 2 ** 63, 2 ** 64, 123456789012345680000,
    Math.round(r.float() * 2 ** 70),
  ]);
  return r.chance(0.5) ? -v : v;
}

function genFloat(r) {
  switch (r.int(6)) {
    case 0:
      return r.pick([
        NaN, Infinity, -Infinity, -0, 0.1, 0.5, 1.5e-7, 1e21, 1e300, 5e-324,
        Number.MAX_VALUE, 2.2250738585072014e-308, 1e-7, 123.456, -2.5, 0.30000000000000004,
      ]);
    case 1: {
      // Any bit pattern.
      const dv = new DataView(new ArrayBuffer(8));
      dv.setUint32(0, r.u32());
      dv.setUint32(4, r.u32());
      return dv.getFloat64(0);
    }
    case 2:
      return (r.int(2000001) - 1000000) / 1024;
    default:
      return (r.float() - 0.5) * 10 ** (r.int(40) - 20);
  }
}

function genLong(r) {
  if (r.chance(0.3)) {
    return t.integer(r.pick(["9007199254740993", "-9007199254740993", "9007199254740995",
      "9223372036854775807", "-9223372036854775808", "-9007199254740999"]));
  }
  let v = (BigInt(r.u32()) << 31n) ^ BigInt(r.u32());
  v = v % (TWO63 - TWO53) + TWO53 + 1n;
  if (v % 2n === 0n) v += 1n; // odd, so never equal to a JS Number in the same set
  if (v >= TWO63) v = TWO63 - 1n;
  return t.integer((r.chance(0.5) ? -v : v).toString());
}

function genDigits(r, maxLen) {
  let s = String(1 + r.int(9));
  const n = r.int(maxLen);
  for (let i = 0; i < n; i++) s += String(r.int(10));
  return s;
}

function genBigInt(r) {
  const body = r.chance(0.2) ? r.pick(["0", "42", "7", "9223372036854775808"]) : genDigits(r, 40);
  return t.bigInt((r.chance(0.4) ? "-" : "") + body);
}

function genBigDec(r) {
  const sign = r.chance(0.3) ? "-" : "";
  switch (r.int(4)) {
    case 0:
      return t.bigDec(r.pick(["0", "1.5", "0.001", "1E+3", "1.23E-7", "-0.0", "100"]));
    case 1:
      return t.bigDec(sign + genDigits(r, 20) + "." + genDigits(r, 20));
    case 2:
      return t.bigDec(sign + genDigits(r, 3) + "E" + r.pick(["+", "-"]) + r.int(30));
    default:
      return t.bigDec(sign + "0." + "0".repeat(r.int(5)) + genDigits(r, 8));
  }
}

function genUuid(r) {
  const hex = (n) => {
    let s = "";
    for (let i = 0; i < n; i++) s += "0123456789abcdef"[r.int(16)];
    return s;
  };
  return t.uuid(`${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`);
}

// From 1582-10-15 to 9999 only: transit-js writes the verbose `~t` year without zero
// padding (`~t999-…`) and cannot read its own output for earlier years; and before
// 1582-10-15 transit-java (whose verbose writer and reader we follow) spells dates
// in the Julian calendar, where transit-js means proleptic Gregorian ones, so the
// same text is another instant on each side.
const MIN_MS = Date.UTC(1582, 9, 15);
const MAX_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

function genDate(r) {
  switch (r.int(4)) {
    case 0:
      return new Date(r.pick([0, -1, 1, 946728000000, -6106017600000, MIN_MS, MAX_MS]));
    case 1:
      return new Date(Math.round((r.float() - 0.5) * 2 * 4102444800000));
    default:
      return new Date(MIN_MS + Math.floor(r.float() * (MAX_MS - MIN_MS)));
  }
}

function genUri(r) {
  return t.uri(r.pick(["http://example.com", "https://a.b/c?d=e&f=g#h", "urn:isbn:0451450523",
    "http://www.詹姆斯.com/", "mailto:a@b.c", "file:///tmp/x y"]) +
    (r.chance(0.5) ? "/" + genText(r, 6) : ""));
}

function genBytes(r) {
  const n = r.int(20);
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = r.int(256);
  return b;
}

function genChar(r) {
  return t.tagged("c", r.pick(CHAR_POOL));
}

// Unknown tags: a 1-char one (upper case, reserved for applications) with a string
// rep, or a longer one with any rep.
function genTagged(r, depth, hashable) {
  if (r.chance(0.4)) {
    return t.tagged(r.pick([..."XYZQW"]), genString(r));
  }
  const tag = r.pick(["point", "circle", "my/tag", "x-y", "ab", "with-meta", "ЖЖ", "long-tag-name-here"]);
  return t.tagged(tag, genValue(r, depth + 1, hashable));
}

function genLink(r) {
  const entries = ["href", genUri(r), "rel", genString(r)];
  if (r.chance(0.5)) entries.push("name", genString(r));
  if (r.chance(0.5)) entries.push("render", r.pick(["link", "image"]));
  if (r.chance(0.5)) entries.push("prompt", genString(r));
  return t.link(t.map(entries));
}

function genScalar(r) {
  switch (r.int(22)) {
    case 0:
      return null;
    case 1:
      return r.chance(0.5);
    case 2:
    case 3:
      return genSafeInt(r);
    case 4:
      return genUnsafeNumber(r);
    case 5:
      return genLong(r);
    case 6:
      return genBigInt(r);
    case 7:
    case 8:
      return genFloat(r);
    case 9:
      return genBigDec(r);
    case 10:
    case 11:
    case 12:
      return genString(r);
    case 13:
    case 14:
      return t.keyword(genName(r));
    case 15:
      return t.symbol(genName(r));
    case 16:
      return genUuid(r);
    case 17:
      return genDate(r);
    case 18:
      return genUri(r);
    case 19:
      return genChar(r);
    case 20:
      return genBytes(r);
    default:
      return t.tagged(r.pick([..."XYZ"]), genString(r));
  }
}

// Keys written as strings (1-char tags). Non-integral numbers are left out: transit-js
// writes every Number key as `~i` + toString, so 2.5 would go out as "~i2.5", which no
// reader (transit-js included) takes as an integer. Unsafe Numbers are left out too
// (a Long key of the same value would be the same key on the wire).
function genStringableKey(r) {
  switch (r.int(16)) {
    case 0:
      return null;
    case 1:
      return r.chance(0.5);
    case 2:
    case 3:
      return genSafeInt(r);
    case 4:
      return genLong(r);
    case 5:
      return r.pick([NaN, Infinity, -Infinity]);
    case 6:
    case 7:
      return genString(r);
    case 8:
    case 9:
      return t.keyword(genName(r));
    case 10:
      return t.symbol(genName(r));
    case 11:
      return genUuid(r);
    case 12:
      return genDate(r);
    case 13:
      return r.pick([genUri, genChar, genBytes, genBigInt, genBigDec])(r);
    default:
      return t.tagged(r.pick([..."XYZ"]), genString(r));
  }
}

function genComposite(r, depth) {
  const d = depth + 1;
  switch (r.int(8)) {
    case 0:
      return genArray(r, d);
    case 1:
      return t.list(genItems(r, d));
    case 2:
      return t.set(uniq(genItems(r, d)));
    case 3:
      return genLink(r);
    case 4:
      return genTagged(r, d, false);
    default:
      return genMap(r, d);
  }
}

function genItems(r, depth) {
  const n = r.chance(0.1) ? 0 : 1 + r.int(6);
  const out = [];
  for (let i = 0; i < n; i++) out.push(genValue(r, depth, false));
  return out;
}

function genArray(r, depth) {
  return genItems(r, depth);
}

// Members or keys that transit-js writes the same way are one member or key after a
// read; keep the first.
function uniq(xs) {
  const seen = new Set();
  const out = [];
  const w = t.writer("json");
  for (const x of xs) {
    const k = w.write(x);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(x);
    }
  }
  return out;
}

function genMap(r, depth) {
  const n = r.chance(0.1) ? 0 : 1 + r.int(r.chance(0.1) ? 12 : 5);
  const kind = r.int(6);
  const keys = [];
  for (let i = 0; i < n; i++) {
    switch (kind) {
      case 0:
        keys.push(genString(r));
        break;
      case 1:
        keys.push(t.keyword(genName(r)));
        break;
      case 2:
        keys.push(genSafeInt(r));
        break;
      case 3:
        // cmap: at least some composite keys
        keys.push(r.chance(0.6) ? genComposite(r, depth) : genStringableKey(r));
        break;
      default:
        keys.push(genStringableKey(r));
    }
  }
  const entries = [];
  for (const k of uniq(keys)) entries.push(k, genValue(r, depth, false));
  return t.map(entries);
}

function genValue(r, depth, _hashable) {
  if (depth >= MAX_DEPTH || r.chance(0.55)) return genScalar(r);
  return genComposite(r, depth);
}

// Rarely: enough distinct cacheable strings to fill the 1936-entry cache and roll over.
function genCacheStress(r) {
  const n = 1930 + r.int(12);
  if (r.chance(0.5)) {
    const kws = [];
    for (let i = 0; i < n; i++) kws.push(t.keyword("k" + i));
    return kws.concat(kws);
  }
  const entries = [];
  for (let i = 0; i < n; i++) entries.push("key" + i, i);
  return [t.map(entries), t.map(entries.slice())];
}

function genTop(r) {
  if (r.chance(0.002)) return genCacheStress(r);
  return genValue(r, 0, false);
}

// ---------------------------------------------------------------- fingerprints

function numText(x) {
  if (Object.is(x, -0)) return "-0";
  return String(x);
}

function fp(x) {
  if (x === null || x === undefined) return ["nil"];
  if (typeof x === "boolean") return ["bool", x];
  if (typeof x === "number") return ["num", numText(x)];
  if (typeof x === "string") return ["str", x];
  if (Array.isArray(x)) return ["arr", x.map(fp)];
  if (t.isKeyword(x)) return ["kw", x._name];
  if (t.isSymbol(x)) return ["sym", x._name];
  if (t.isUUID(x)) return ["uuid", x.toString()];
  if (x instanceof Date) return ["inst", String(x.valueOf())];
  if (x instanceof Uint8Array) return ["bytes", Buffer.from(x).toString("base64")];
  if (t.isInteger(x)) return ["int", x.toString()];
  if (t.isSet(x)) {
    const out = [];
    x.forEach((v) => out.push(fp(v)));
    return ["set", out];
  }
  if (t.isMap(x)) {
    const out = [];
    x.forEach((v, k) => out.push([fp(k), fp(v)]));
    return ["map", out];
  }
  if (t.isTaggedValue(x)) return ["tag", x.tag, fp(x.rep)];
  return ["unknown", String(x)];
}

// ---------------------------------------------------------------- commands

function main() {
  const [cmd, ...args] = process.argv.slice(2);
  const wJson = t.writer("json");
  const wVerbose = t.writer("json-verbose");
  if (cmd === "gen") {
    const [seed, count, outJson, outVerbose] = args;
    const r = makeRng(seed);
    const json = [];
    const verbose = [];
    for (let i = 0; i < Number(count); i++) {
      const v = genTop(r);
      json.push(wJson.write(v));
      verbose.push(wVerbose.write(v));
    }
    fs.writeFileSync(outJson, json.join("\n") + "\n");
    fs.writeFileSync(outVerbose, verbose.join("\n") + "\n");
  } else if (cmd === "describe") {
    const reader = t.reader("json");
    const lines = fs.readFileSync(0, "utf8").split("\n");
    if (lines[lines.length - 1] === "") lines.pop();
    const out = [];
    for (const line of lines) {
      try {
        const v = reader.read(line);
        out.push(JSON.stringify({ fp: fp(v), json: wJson.write(v), verbose: wVerbose.write(v) }));
      } catch (e) {
        out.push(JSON.stringify({ error: String(e && e.stack ? e.stack : e) }));
      }
    }
    fs.writeFileSync(1, out.join("\n") + (out.length ? "\n" : ""));
  } else {
    process.stderr.write("usage: peer.js gen SEED COUNT OUT_JSON OUT_VERBOSE | describe\n");
    process.exit(2);
  }
}

main();
