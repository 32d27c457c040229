"""Prints a wasm module's largest functions (by body size) with their names, and totals per
crate, read from the code and name sections. Usage: wasm_sizes.py MODULE.wasm [TOP]

twiggy 0.7 cannot parse modules with bulk-memory element segments, which ours have."""

import re
import sys
from collections import Counter


def leb(data: bytes, pos: int, signed: bool = False) -> tuple[int, int]:
    """The LEB128 number at `pos`, and the position after it."""
    result = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            if signed and byte & 0x40:
                result -= 1 << shift
            return result, pos


def subsections(body: bytes, pos: int):
    """The (id, start, end) of each subsection of a custom section's payload from `pos`."""
    while pos < len(body):
        sub = body[pos]
        size, pos = leb(body, pos + 1)
        yield sub, pos, pos + size
        pos += size


def function_names(body: bytes, pos: int) -> dict[int, str]:
    """The function names of a `name` section whose payload starts at `pos`."""
    names = {}
    for sub, start, _ in subsections(body, pos):
        if sub == 1:
            count, p = leb(body, start)
            for _ in range(count):
                index, p = leb(body, p)
                length, p = leb(body, p)
                names[index] = body[p:p + length].decode("utf-8", "replace")
                p += length
    return names


def sections(data: bytes):
    pos = 8
    while pos < len(data):
        kind = data[pos]
        size, pos = leb(data, pos + 1)
        yield kind, data[pos:pos + size]
        pos += size


def imported_functions(body: bytes) -> int:
    count, pos = leb(body, 0)
    functions = 0
    for _ in range(count):
        for _ in range(2):
            length, pos = leb(body, pos)
            pos += length
        kind = body[pos]
        pos += 1
        if kind == 0:
            _, pos = leb(body, pos)
            functions += 1
        elif kind == 1:
            pos += 1
            flags, pos = leb(body, pos)
            _, pos = leb(body, pos)
            if flags & 1:
                _, pos = leb(body, pos)
        elif kind == 2:
            flags, pos = leb(body, pos)
            _, pos = leb(body, pos)
            if flags & 1:
                _, pos = leb(body, pos)
        elif kind == 3:
            pos += 2
        else:
            _, pos = leb(body, pos)
    return functions


def main() -> None:
    data = open(sys.argv[1], "rb").read()
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    imports, bodies, names = 0, [], {}
    for kind, body in sections(data):
        if kind == 2:
            imports = imported_functions(body)
        elif kind == 10:
            count, pos = leb(body, 0)
            for _ in range(count):
                size, pos = leb(body, pos)
                bodies.append(size)
                pos += size
        elif kind == 0:
            length, pos = leb(body, 0)
            if body[pos:pos + length] != b"name":
                continue
            names = function_names(body, pos + length)
    rows = sorted(((size, names.get(imports + i, f"func[{imports + i}]")) for i, size in enumerate(bodies)),
                  reverse=True)
    total = sum(bodies)
    print(f"{len(data):,} bytes, code {total:,} in {len(bodies):,} functions")
    for size, name in rows[:top]:
        print(f"{size:>9,}  {100 * size / total:5.1f}%  {name[:140]}")
    crates = Counter()
    for size, name in rows:
        crates[crate_of(name)] += size
    print("\nby crate (of the function, or of the type an impl is for):")
    for crate, size in crates.most_common(25):
        print(f"{size:>9,}  {100 * size / total:5.1f}%  {crate}")


def crate_of(mangled: str) -> str:
    """The first path segment of a legacy (`_ZN`) or v0 (`_R`) mangled Rust name."""
    name = mangled.replace("$LT$", "<").replace("$u20$", " ").replace("..", "::")
    legacy = re.match(r"_ZN(\d+)", name)
    if legacy:
        segment = name[legacy.end():legacy.end() + int(legacy.group(1))]
        if segment.lstrip("_").startswith("<"):
            target = re.search(r"for [&*a-z_ ]*?([a-z_][a-z0-9_]*)::", segment) or re.search(r"<([a-z_][a-z0-9_]*)::", segment)
            return "impl for " + (target.group(1) if target else "?")
        return segment
    v0 = re.match(r"_R.*?Cs[0-9a-zA-Z_]+_(\d+)([a-z_0-9]+)", name)
    return v0.group(2)[:int(v0.group(1))] if v0 else "?"


if __name__ == "__main__":
    main()
