#!/usr/bin/env python3
"""Builds the fuzz targets' seed corpora from the fixture corpus (tests/fixtures/corpus.json).

Writes fuzz/corpus/<target>/seed-* (gitignored; regenerated on every run of scripts/fuzz.sh).
The layouts are those the targets read (fuzz/fuzz_targets/common/mod.rs, envelope.rs,
endpoint.rs, identity.rs); router and subscriptions are structure-aware and start from a
handful of name lists.
Usage: python3 fuzz/seeds.py [corpus-dir]
"""
import base64
import hashlib
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KIND = {"webhook": 0, "webhook-url": 1, "amqp": 2, "mqtt": 3, "redis": 4, "push": 5, "b64": 6, "bytes": 7}
# Selector bits 4-7: depth limit 1 + 8 * 8 = 65, like the default 64 plus the envelope.
DEPTH_BITS = 0x80


# Small hand-made deliveries besides the fixtures: short inputs mutate fast, and every target
# then starts from a minimal envelope of each kind (the fixtures are up to 60 KB).
NAME = "transport.messageReceived"
SMALL = [
    (KIND["webhook"], "", b'{"data":"","trigger":"' + NAME.encode() + b'"}'),
    (KIND["webhook"], "", b'{"trigger":"' + NAME.encode() + b'","data":{"a":"\\u00e9"}}'),
    (KIND["webhook"], "", b'{"data":{}}'),
    (KIND["webhook-url"], "https://h.example/hooks/" + NAME, b'"x"'),
    (KIND["amqp"], NAME, b'{"a":"b"}'),
    (KIND["mqtt"], NAME.replace(".", "/"), b'[1,"\\n"]'),
    (KIND["redis"], NAME, b"{}"),
    (KIND["push"], "", b'{"message":{"data":"eyJhIjoiYiJ9","attributes":{"namespace":"' + NAME.encode() + b'"}}}'),
    (KIND["b64"], NAME, b"eyJhIjoiYiJ9"),
    (KIND["bytes"], NAME, b'{"a":"b"}'),
]


def body_of(d):
    if isinstance(d.get("body"), str):
        return d["body"].encode("utf-8")
    if isinstance(d.get("bodyBase64"), str):
        return base64.b64decode(d["bodyBase64"])
    return b""


def delivery_inputs(d):
    """(selector kind, name, body) triples of one fixture delivery."""
    kind, body = d["kind"], body_of(d)
    if kind == "webhook":
        if d.get("url"):
            return [(KIND["webhook-url"], d["url"], body)]
        return [(KIND["webhook"], "", body)]
    if kind == "amqp":
        return [(KIND["amqp"], d["routingKey"], body)]
    if kind == "mqtt":
        return [(KIND["mqtt"], d["topic"], body)]
    if kind == "redis":
        return [(KIND["redis"], d["channel"], body)]
    if "message" in d:
        message = d["message"]
        namespace = (message.get("attributes") or {}).get("namespace", "")
        text = message.get("data", "")
        out = [(KIND["b64"], namespace, text.encode("utf-8"))]
        try:
            out.append((KIND["bytes"], namespace, base64.b64decode(text, validate=True)))
        except ValueError:
            pass
        return out
    return [(KIND["push"], "", body)]


def write(directory, data):
    os.makedirs(directory, exist_ok=True)
    name = "seed-" + hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(directory, name), "wb") as f:
        f.write(data)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "fuzz", "corpus")
    with open(os.path.join(ROOT, "tests", "fixtures", "corpus.json"), encoding="utf-8") as f:
        cases = json.load(f)["cases"]
    counts = {}
    names = set()
    for case in cases:
        d = case["delivery"]
        for kind, name, body in delivery_inputs(d):
            if b"\xff" in name.encode("utf-8"):
                continue
            framed = bytes([kind | DEPTH_BITS]) + name.encode("utf-8") + b"\xff" + body
            for target in ("parse_delivery", "read_validate"):
                write(os.path.join(out, target), framed)
                counts[target] = counts.get(target, 0) + 1
            if name:
                names.add(name)
            if kind in (KIND["amqp"], KIND["redis"]):
                # json_text: the data text alone.
                write(os.path.join(out, "json_text"), body)
                counts["json_text"] = counts.get("json_text", 0) + 1
                # utf16: the same bytes (the transcoder's input is data text).
                write(os.path.join(out, "utf16"), body)
                counts["utf16"] = counts.get("utf16", 0) + 1
                # identity: the name, 0xFF, the data text.
                write(os.path.join(out, "identity"), name.encode("utf-8") + b"\xff" + body)
                counts["identity"] = counts.get("identity", 0) + 1
            if kind in (KIND["amqp"], KIND["mqtt"], KIND["redis"], KIND["bytes"]):
                # envelope: shape (place 0-3, bit 2 Pub/Sub), cut 0xFFFF (none), flags 0xFE
                # (lenient, depth 509), then the data text. Spread the cases over the shapes.
                shape = int(hashlib.sha1(body).hexdigest(), 16) % 8
                write(os.path.join(out, "envelope"), bytes([shape, 0xFF, 0xFF, 0xFE]) + body)
                counts["envelope"] = counts.get("envelope", 0) + 1
            if kind in (KIND["webhook"], KIND["webhook-url"]):
                # endpoint: n = 0 (an empty request), then the webhook body; and n = 3, a request
                # whose first field cuts the body short (Option<u16>: 1, then two bytes).
                write(os.path.join(out, "endpoint"), b"\x00" + body)
                cut = int(hashlib.sha1(body).hexdigest(), 16) % (len(body) + 1)
                write(os.path.join(out, "endpoint"), bytes([3, 1, cut & 0xFF, cut >> 8 & 0xFF]) + body)
                counts["endpoint"] = counts.get("endpoint", 0) + 1
    for kind, name, body in SMALL:
        framed = bytes([kind | DEPTH_BITS]) + name.encode("utf-8") + b"\xff" + body
        for target in ("parse_delivery", "read_validate"):
            write(os.path.join(out, target), framed)
        if kind in (KIND["webhook"], KIND["webhook-url"]):
            write(os.path.join(out, "endpoint"), b"\x00" + body)
        else:
            write(os.path.join(out, "envelope"), bytes([kind % 8, 0xFF, 0xFF, 0xFE]) + body)
    # router: the derive's layout is opaque, so its seeds are only raw name text.
    # subscriptions: structure-aware too, seeded the same way.
    for i, name in enumerate(sorted(names)[:64]):
        for target in ("router", "subscriptions"):
            write(os.path.join(out, target), name.encode("utf-8"))
            counts[target] = counts.get(target, 0) + 1
    for target in sorted(counts):
        count = len(os.listdir(os.path.join(out, target)))
        print(f"seeds: {target}: {count} files in {os.path.join(out, target)}")


if __name__ == "__main__":
    main()
