"""transit-python side of tests/interop.rs. Written for this repository; needs only
the PyPI package `transit-python` on sys.path (with its `msgpack` extra for the
MessagePack commands). TRANSIT_PUREPYTHON=1 makes transit-python use its
pure-Python reader and writer instead of its native core.

  python3 peer.py gen SEED COUNT OUT_JSON OUT_VERBOSE
      COUNT random values from SEED, each written by transit-python once per mode,
      one value per line (value i is on line i of both files).
  python3 peer.py gen-msgpack SEED COUNT OUT_HEX
      The same COUNT values as `gen` with the same SEED, each written by
      transit-python as MessagePack, one value per line in hex.
  python3 peer.py describe-msgpack < HEX_LINES > RESULTS
      As `describe`, for MessagePack values in hex: {"fp": ..., "msgpack": <hex of
      the MessagePack re-encoding>} or {"error": "..."}.
  python3 peer.py describe < LINES > RESULTS
      For each input line (one Transit value, either mode), one JSON line:
      {"fp": <fingerprint>, "json": <compact re-encoding>, "verbose": <verbose
      re-encoding>} or {"error": "..."}.

A fingerprint describes the value in transit-python's own type model, as nested JSON
arrays: ["nil"], ["bool", b], ["int", digits], ["float", repr], ["dec", text],
["str", s], ["kw", name], ["sym", name], ["uuid", s], ["inst", millis], ["uri", s],
["link", [href, rel, name, render, prompt]], ["arr", [..]], ["set", [..]],
["map", [[k, v], ..]], ["tag", tag, rep] (TaggedValue: c, b and unknown tags).
The Rust side sorts sets and maps, so order does not matter.
"""

import base64
import datetime
import io
import json
import random
import struct
import sys
import traceback
import uuid
from decimal import Decimal

from transit.reader import Reader
from transit.transit_types import (
    Boolean,
    Keyword,
    Link,
    Symbol,
    TaggedValue,
    URI,
    false,
    frozendict,
    true,
)
from transit.writer import Writer

MAX_DEPTH = 4
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
# From 1582-10-15 on: before it transit-java (whose verbose writer and reader we
# follow) spells dates in the Julian calendar, where transit-python means proleptic
# Gregorian ones, so the same `~t` text is another instant on each side.
MIN_MS = (
    datetime.datetime(1582, 10, 15, tzinfo=datetime.timezone.utc) - EPOCH
) // datetime.timedelta(milliseconds=1)
MAX_MS = (
    datetime.datetime(9999, 12, 31, 23, 59, 59, 999000, tzinfo=datetime.timezone.utc) - EPOCH
) // datetime.timedelta(milliseconds=1)


def same_cacheability(wire):
    """The cache threshold is "longer than 3": transit-java and transit-js count UTF-16
    units, transit-python's native core counts UTF-8 bytes and its pure-Python code
    counts code points. A cacheable string on which they disagree puts reader and
    writer caches out of step (a later "^n" names a different entry), so such
    strings are not generated where they could be cached (map keys, keywords,
    symbols, tags). Plain ASCII is unaffected."""
    units = len(wire.encode("utf-16-le")) // 2
    return (units > 3) == (len(wire) > 3) == (len(wire.encode("utf-8")) > 3)


def escape(s):
    return "~" + s if s[:1] in ("~", "^", "`") else s


ALPHABETS = [
    "abcdefghijklmnopqrstuvwxyz",
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
    "~^`#:$ -_/.,;!?*'\"\\{}[]",
    "\n\t\r\b\f\u0000\u0001\u001f\u007f",
    "éñüßçøåÉ",
    "詹姆斯名前日本語αβγ",
    "\u2028\u2029\ufeff\u0085\u00a0\uffff",
]
ASTRAL = ["😀", "🎉", "𝄞", "\U0010ffff"]
CHARS = list("xZ0~^`\" \\éλ詹") + ["😀", "\u2028"]


def gen_text(r, max_len):
    out = []
    for _ in range(r.randrange(max_len + 1)):
        if r.random() < 0.06:
            out.append(r.choice(ASTRAL))
        else:
            out.append(r.choice(r.choice(ALPHABETS)))
    return "".join(out)


def gen_string(r):
    k = r.randrange(8)
    if k == 0:
        return r.choice(["", "^ ", "~#set", "~:kw", "#abc", "^0", "~i1", "~", "^", "`", "~~", "~#'", "^ x"])
    if k == 1:
        return r.choice(["~", "^", "`", "~#", "#", "~:"]) + gen_text(r, 6)
    if k == 2:
        return gen_text(r, 40)
    return gen_text(r, 8)


def gen_key_string(r):
    while True:
        s = gen_string(r)
        if same_cacheability(escape(s)):
            return s


def gen_name(r):
    def ident():
        s = r.choice("abcdefghijklmnopqrstuvwxyz*!?-+<>=_")
        for _ in range(r.randrange(7)):
            s += r.choice("abcdefghijklmnopqrstuvwxyz0123456789-_?!*.:'")
        return s

    while True:
        k = r.randrange(6)
        if k == 0:
            name = r.choice(["a", "ab", "abc", "abcd", "x/y", "é", "名前", "ns/😀", "a.b/c-d"])
        elif k == 1:
            name = ident() + "/" + ident()
        elif k == 2:
            name = gen_text(r, 5) or "z"
        else:
            name = ident()
        if same_cacheability("~:" + name):
            return name


def gen_int(r):
    k = r.randrange(7)
    if k == 0:
        return r.randrange(-10, 11)
    if k == 1:
        edges = [2**53 - 1, 2**53, 2**53 + 1, 2**63 - 1, 2**63, 2**64, 2**31, 0]
        v = r.choice(edges)
        return -v if r.random() < 0.5 else v
    if k == 2:
        return r.randrange(-(2**31), 2**31)
    if k == 3:
        return r.randrange(-(2**63), 2**63)
    if k == 4:
        return r.randrange(-(2**130), 2**130)
    return r.randrange(-(2**53) + 1, 2**53)


def gen_float(r):
    k = r.randrange(6)
    if k == 0:
        return r.choice(
            [
                float("nan"), float("inf"), float("-inf"), -0.0, 0.0, 0.1, 2.0, 1e16, 1e-05,
                5e-324, 1.7976931348623157e308, 2.2250738585072014e-308, 1e21, 123.456, -2.5,
                0.30000000000000004, 1e22, 1e23,
            ]
        )
    if k == 1:
        return struct.unpack("<d", r.getrandbits(64).to_bytes(8, "little"))[0]
    if k == 2:
        return r.randrange(-1000000, 1000001) / 1024
    return (r.random() - 0.5) * 10.0 ** r.randrange(-20, 20)


def gen_digits(r, max_len):
    return str(r.randrange(1, 10)) + "".join(str(r.randrange(10)) for _ in range(r.randrange(max_len)))


def gen_decimal(r):
    sign = "-" if r.random() < 0.3 else ""
    k = r.randrange(4)
    if k == 0:
        text = r.choice(["0", "1.5", "0.001", "1E+3", "1.23E-7", "-0.0", "100"])
    elif k == 1:
        text = sign + gen_digits(r, 20) + "." + gen_digits(r, 20)
    elif k == 2:
        text = sign + gen_digits(r, 3) + "E" + r.choice("+-") + str(r.randrange(30))
    else:
        text = sign + "0." + "0" * r.randrange(5) + gen_digits(r, 8)
    return Decimal(text)


def gen_date(r):
    k = r.randrange(4)
    if k == 0:
        ms = r.choice([0, -1, 1, 946728000000, -6106017600000, MIN_MS, MAX_MS])
    elif k == 1:
        ms = r.randrange(-4102444800000, 4102444800000)
    else:
        ms = r.randrange(MIN_MS, MAX_MS + 1)
    return EPOCH + datetime.timedelta(milliseconds=ms)


def gen_uri(r):
    while True:
        u = r.choice(
            [
                "http://example.com",
                "https://a.b/c?d=e&f=g#h",
                "urn:isbn:0451450523",
                "http://www.詹姆斯.com/",
                "mailto:a@b.c",
                "file:///tmp/x y",
            ]
        )
        if r.random() < 0.5:
            u += "/" + gen_text(r, 6)
        if same_cacheability("~r" + u):
            return URI(u)


def gen_uuid(r):
    return uuid.UUID(int=r.getrandbits(128))


def gen_bytes(r):
    """transit-python has no bytes type: it reads "~b..." as TaggedValue("b", base64)
    and writes that back as it is."""
    data = bytes(r.getrandbits(8) for _ in range(r.randrange(20)))
    return TaggedValue("b", base64.b64encode(data).decode("ascii"))


def gen_char(r):
    """No char type either: "~c" comes back as TaggedValue("c", ch)."""
    while True:
        c = r.choice(CHARS)
        if same_cacheability("~c" + c):
            return TaggedValue("c", c)


def gen_one_char_tagged(r):
    while True:
        v = TaggedValue(r.choice("XYZQW"), gen_string(r))
        if same_cacheability("~" + v.tag + v.rep):
            return v


def gen_tagged(r, depth, hashable):
    if r.random() < 0.4:
        return gen_one_char_tagged(r)
    tag = r.choice(["point", "circle", "my/tag", "x-y", "ab", "with-meta", "ЖЖ", "long-tag-name-here"])
    return TaggedValue(tag, gen_value(r, depth + 1, True))


def gen_link(r):
    return Link(
        href=gen_uri(r),
        rel=gen_string(r) or "rel",
        name=gen_string(r) if r.random() < 0.5 else None,
        render=r.choice(["link", "image"]) if r.random() < 0.5 else None,
        prompt=gen_string(r) if r.random() < 0.5 else None,
    )


def gen_scalar(r):
    k = r.randrange(20)
    if k == 0:
        return None
    if k == 1:
        return true if r.random() < 0.5 else false
    if k in (2, 3, 4):
        return gen_int(r)
    if k in (5, 6):
        return gen_float(r)
    if k == 7:
        return gen_decimal(r)
    if k in (8, 9, 10):
        return gen_string(r)
    if k in (11, 12):
        return Keyword(gen_name(r))
    if k == 13:
        return Symbol(gen_name(r))
    if k == 14:
        return gen_uuid(r)
    if k == 15:
        return gen_date(r)
    if k == 16:
        return gen_uri(r)
    if k == 17:
        return gen_char(r)
    if k == 18:
        return gen_bytes(r)
    return gen_one_char_tagged(r)


def gen_stringable_key(r):
    k = r.randrange(16)
    if k == 0:
        return None
    if k == 1:
        return true if r.random() < 0.5 else false
    if k in (2, 3):
        return gen_int(r)
    if k == 4:
        return gen_float(r)
    if k in (5, 6, 7):
        return gen_key_string(r)
    if k in (8, 9):
        return Keyword(gen_name(r))
    if k == 10:
        return Symbol(gen_name(r))
    if k == 11:
        return gen_uuid(r)
    if k == 12:
        return gen_date(r)
    if k == 13:
        return r.choice([gen_uri, gen_char, gen_bytes, gen_decimal])(r)
    return gen_one_char_tagged(r)


def gen_composite(r, depth, hashable):
    d = depth + 1
    k = r.randrange(8)
    if k in (0, 1):
        items = gen_items(r, d, hashable)
        return tuple(items) if hashable or r.random() < 0.5 else items
    if k == 2:
        return frozenset(uniq(gen_items(r, d, True)))
    if k == 3 and not hashable:
        return gen_link(r)
    if k == 4:
        return gen_tagged(r, d, hashable)
    return gen_map(r, d, hashable)


def gen_items(r, depth, hashable):
    n = 0 if r.random() < 0.1 else r.randrange(1, 7)
    return [gen_value(r, depth, hashable) for _ in range(n)]


def wire_key(x):
    return write(x, "json")


def uniq(xs):
    """Members that are written the same way (several NaN objects, say) are one member
    after a read; keep the first."""
    seen, out = set(), []
    for x in xs:
        if wire_key(x) not in seen:
            seen.add(wire_key(x))
            out.append(x)
    return out


def gen_map(r, depth, hashable):
    n = 0 if r.random() < 0.1 else r.randrange(1, 14 if r.random() < 0.1 else 6)
    kind = r.randrange(6)
    m = {}
    seen = set()
    for _ in range(n):
        if kind == 0:
            k = gen_key_string(r)
        elif kind == 1:
            k = Keyword(gen_name(r))
        elif kind == 2:
            k = gen_int(r)
        elif kind == 3:
            # cmap: at least some composite keys
            k = gen_composite(r, depth, True) if r.random() < 0.6 else gen_stringable_key(r)
        else:
            k = gen_stringable_key(r)
        if wire_key(k) not in seen:
            seen.add(wire_key(k))
            m[k] = gen_value(r, depth, hashable)
    return frozendict(m) if hashable or r.random() < 0.5 else m


def gen_value(r, depth, hashable):
    if depth >= MAX_DEPTH or r.random() < 0.55:
        return gen_scalar(r)
    return gen_composite(r, depth, hashable)


def gen_cache_stress(r):
    """Enough distinct cacheable strings to fill the 1936-entry cache and roll over."""
    n = 1930 + r.randrange(12)
    if r.random() < 0.5:
        kws = [Keyword("k%d" % i) for i in range(n)]
        return kws + kws
    m = {"key%d" % i: i for i in range(n)}
    return [m, dict(m)]


def gen_top(r):
    if r.random() < 0.002:
        return gen_cache_stress(r)
    return gen_value(r, 0, False)


# ---------------------------------------------------------------- fingerprints


def to_ms(d):
    return (d - EPOCH) // datetime.timedelta(milliseconds=1)


def fp(x):
    if x is None:
        return ["nil"]
    if isinstance(x, (bool, Boolean)):
        return ["bool", bool(x)]
    if isinstance(x, int):
        return ["int", str(x)]
    if isinstance(x, float):
        return ["float", repr(x)]
    if isinstance(x, Decimal):
        return ["dec", str(x)]
    if isinstance(x, str):
        return ["str", x]
    if isinstance(x, Keyword):
        return ["kw", str(x)]
    if isinstance(x, Symbol):
        return ["sym", str(x)]
    if isinstance(x, uuid.UUID):
        return ["uuid", str(x)]
    if isinstance(x, datetime.datetime):
        return ["inst", str(to_ms(x))]
    if isinstance(x, URI):
        return ["uri", x.rep]
    if isinstance(x, Link):
        return ["link", [fp(v) for v in x.as_array]]
    if isinstance(x, TaggedValue):
        return ["tag", x.tag, fp(x.rep)]
    if isinstance(x, (list, tuple)):
        return ["arr", [fp(v) for v in x]]
    if isinstance(x, (set, frozenset)):
        return ["set", [fp(v) for v in x]]
    if isinstance(x, (dict, frozendict)):
        return ["map", [[fp(k), fp(v)] for k, v in x.items()]]
    return ["unknown", type(x).__name__, repr(x)]


def write(v, mode):
    out = io.StringIO()
    Writer(out, mode).write(v)
    return out.getvalue()


def write_msgpack(v):
    out = io.BytesIO()
    Writer(out, "msgpack").write(v)
    return out.getvalue()


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "gen-msgpack":
        seed, count, out_hex = args
        r = random.Random(int(seed))
        values = [gen_top(r) for _ in range(int(count))]
        with open(out_hex, "w", encoding="ascii", newline="") as f:
            for v in values:
                f.write(write_msgpack(v).hex())
                f.write("\n")
    elif cmd == "describe-msgpack":
        out = sys.stdout.buffer
        for line in sys.stdin.buffer.read().split(b"\n"):
            if not line:
                continue
            try:
                v = Reader("msgpack").read(io.BytesIO(bytes.fromhex(line.decode("ascii"))))
                rec = {"fp": fp(v), "msgpack": write_msgpack(v).hex()}
            except Exception:
                rec = {"error": traceback.format_exc()}
            out.write(json.dumps(rec, ensure_ascii=False).encode("utf-8", "surrogatepass"))
            out.write(b"\n")
    elif cmd == "gen":
        seed, count, out_json, out_verbose = args
        r = random.Random(int(seed))
        values = [gen_top(r) for _ in range(int(count))]
        for path, mode in ((out_json, "json"), (out_verbose, "json_verbose")):
            with open(path, "w", encoding="utf-8", newline="") as f:
                for v in values:
                    f.write(write(v, mode))
                    f.write("\n")
    elif cmd == "describe":
        out = sys.stdout.buffer
        for line in sys.stdin.buffer.read().split(b"\n"):
            if not line:
                continue
            try:
                v = Reader("json").read(io.StringIO(line.decode("utf-8")))
                rec = {"fp": fp(v), "json": write(v, "json"), "verbose": write(v, "json_verbose")}
            except Exception:
                rec = {"error": traceback.format_exc()}
            out.write(json.dumps(rec, ensure_ascii=False).encode("utf-8", "surrogatepass"))
            out.write(b"\n")
    else:
        sys.stderr.write(
            "usage: peer.py gen SEED COUNT OUT_JSON OUT_VERBOSE | describe"
            " | gen-msgpack SEED COUNT OUT_HEX | describe-msgpack\n"
        )
        sys.exit(2)


if __name__ == "__main__":
    main()
