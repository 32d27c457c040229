"""Which of our functions keep which bytes in a wasm module: a dominator tree over the module's
reference graph, read from the relocations that `-Clink-args=--emit-relocs` keeps in cargo's
un-optimised wasm (calls, function pointers in vtables, data a function reads).

Usage: wasm_retained.py CARGO.wasm [SPLIT_MAIN.wasm] [TOP]

With SPLIT_MAIN (the main module written by wasm-split-cli from CARGO.wasm, names kept), only
the functions that stayed in the main module count: what the first load carries. Data stays in
the main module, so every data symbol counts.

A function's retained size is what would leave the module with it: its own body plus everything
only reachable through it. Sizes are of un-optimised code; wasm-opt shrinks them roughly
alike, so the ranking holds."""

import re
import sys
from bisect import bisect_right
from collections import defaultdict

from wasm_sizes import function_names, imported_functions, leb, sections, subsections

FUNCTION_RELOCS = {0, 1, 2, 12, 18, 19, 24, 26}
MEMORY_RELOCS = {3, 4, 5, 11, 14, 15, 16, 17, 21, 23, 25}
WITH_ADDEND = MEMORY_RELOCS | {8, 9, 22}


def string(data: bytes, pos: int) -> tuple[str, int]:
    length, pos = leb(data, pos)
    return data[pos:pos + length].decode("utf-8", "replace"), pos + length


def skip_init_expr(data: bytes, pos: int) -> int:
    while data[pos] != 0x0B:
        op = data[pos]
        pos += 1
        if op in (0x41, 0x42, 0x23):
            _, pos = leb(data, pos, signed=True)
    return pos + 1


class Module:
    def __init__(self, path: str):
        data = open(path, "rb").read()
        self.imports = 0
        self.bodies = []  # (start offset in the code section, size)
        self.segment_starts = []  # data segment payload offsets in the data section
        self.names = {}
        self.exports = []
        self.symbols = []
        self.relocs = {}
        section_index = 0
        self.code_index = self.data_index = None
        for kind, body in sections(data):
            if kind == 2:
                self.imports = imported_functions(body)
            elif kind == 7:
                count, pos = leb(body, 0)
                for _ in range(count):
                    _, pos = string(body, pos)
                    export_kind = body[pos]
                    index, pos = leb(body, pos + 1)
                    if export_kind == 0:
                        self.exports.append(index)
            elif kind == 10:
                self.code_index = section_index
                count, pos = leb(body, 0)
                for _ in range(count):
                    size, start = leb(body, pos)
                    self.bodies.append((start, size))
                    pos = start + size
            elif kind == 11:
                self.data_index = section_index
                count, pos = leb(body, 0)
                for _ in range(count):
                    flags, pos = leb(body, pos)
                    if flags == 2:
                        _, pos = leb(body, pos)
                    if flags in (0, 2):
                        pos = skip_init_expr(body, pos)
                    size, pos = leb(body, pos)
                    self.segment_starts.append(pos)
                    pos += size
            elif kind == 0:
                name, pos = string(body, 0)
                if name == "name":
                    self.names = function_names(body, pos)
                elif name == "linking":
                    self.read_symbols(body, pos)
                elif name.startswith("reloc."):
                    target, pos = leb(body, pos)
                    count, pos = leb(body, pos)
                    entries = []
                    for _ in range(count):
                        kind_, pos = body[pos], pos + 1
                        offset, pos = leb(body, pos)
                        index, pos = leb(body, pos)
                        if kind_ in WITH_ADDEND:
                            _, pos = leb(body, pos, signed=True)
                        entries.append((kind_, offset, index))
                    self.relocs[target] = entries
            section_index += 1

    def read_symbols(self, body: bytes, pos: int) -> None:
        _, pos = leb(body, pos)
        for sub, p, _ in subsections(body, pos):
            if sub != 8:
                continue
            count, p = leb(body, p)
            for _ in range(count):
                kind, p = body[p], p + 1
                flags, p = leb(body, p)
                undefined = flags & 0x10
                if kind in (0, 2, 4, 5):
                    index, p = leb(body, p)
                    if not undefined or flags & 0x40:
                        _, p = string(body, p)
                    self.symbols.append(("func", index) if kind == 0 else ("other", None))
                elif kind == 1:
                    name, p = string(body, p)
                    if undefined:
                        self.symbols.append(("other", None))
                    else:
                        segment, p = leb(body, p)
                        offset, p = leb(body, p)
                        length, p = leb(body, p)
                        self.symbols.append(("data", (segment, offset, length, name)))
                else:
                    _, p = leb(body, p)
                    self.symbols.append(("other", None))


def graph(module: Module):
    """Nodes: ("f", function index) and ("d", data symbol index); edges from relocations."""
    sizes = {}
    for i, (_, size) in enumerate(module.bodies):
        sizes[("f", module.imports + i)] = size
    by_segment = defaultdict(list)
    for number, (kind, value) in enumerate(module.symbols):
        if kind == "data":
            segment, offset, length, _ = value
            sizes[("d", number)] = length
            by_segment[segment].append((offset, length, number))
    for entries in by_segment.values():
        entries.sort()
    starts = [start for start, _ in module.bodies]

    def target(kind: int, index: int):
        symbol_kind, value = module.symbols[index]
        if kind in FUNCTION_RELOCS and symbol_kind == "func":
            return ("f", value)
        if kind in MEMORY_RELOCS and symbol_kind == "data":
            return ("d", index)
        return None

    edges = defaultdict(set)
    for kind, offset, index in module.relocs.get(module.code_index, []):
        body = bisect_right(starts, offset) - 1
        node = target(kind, index)
        if node is not None and body >= 0:
            edges[("f", module.imports + body)].add(node)
    segment_starts = module.segment_starts
    for kind, offset, index in module.relocs.get(module.data_index, []):
        segment = bisect_right(segment_starts, offset) - 1
        within = offset - segment_starts[segment]
        symbols = by_segment[segment]
        at = bisect_right(symbols, (within, float("inf"), 0)) - 1
        node = target(kind, index)
        if node is not None and at >= 0 and within < symbols[at][0] + max(symbols[at][1], 1):
            edges[("d", symbols[at][2])].add(node)
    return sizes, edges


def dominators(root, edges):
    order, seen, stack = [], {root}, [(root, iter(edges.get(root, ())))]
    while stack:
        node, children = stack[-1]
        for child in children:
            if child not in seen:
                seen.add(child)
                stack.append((child, iter(edges.get(child, ()))))
                break
        else:
            order.append(node)
            stack.pop()
    order.reverse()
    number = {node: i for i, node in enumerate(order)}
    preds = defaultdict(list)
    for node in order:
        for child in edges.get(node, ()):
            if child in number:
                preds[child].append(node)
    idom = {root: root}

    def intersect(a, b):
        while a != b:
            while number[a] > number[b]:
                a = idom[a]
            while number[b] > number[a]:
                b = idom[b]
        return a

    changed = True
    while changed:
        changed = False
        for node in order[1:]:
            done = [p for p in preds[node] if p in idom]
            new = done[0]
            for p in done[1:]:
                new = intersect(p, new)
            if idom.get(node) != new:
                idom[node] = new
                changed = True
    return order, idom


def demangle(name: str) -> str:
    legacy = re.match(r"_ZN(.*)17h[0-9a-f]{16}E$", name)
    if not legacy:
        return name
    rest, parts = legacy.group(1), []
    while rest and rest[0].isdigit():
        digits = re.match(r"\d+", rest).group(0)
        parts.append(rest[len(digits):len(digits) + int(digits)])
        rest = rest[len(digits) + int(digits):]
    text = "::".join(parts)
    for code, char in (("$LT$", "<"), ("$GT$", ">"), ("$u20$", " "), ("$u7b$", "{"), ("$u7d$", "}"),
                       ("$RF$", "&"), ("$C$", ","), ("$BP$", "*"), ("$u27$", "'"), ("$u5b$", "["),
                       ("$u5d$", "]"), ("$u3b$", ";"), ("$u2b$", "+"), ("..", "::")):
        text = text.replace(code, char)
    return text.lstrip("_")


OURS = re.compile(r"^(<)?(partner_center(_domain)?)::")


def main() -> None:
    module = Module(sys.argv[1])
    keep = None
    top = 30
    args = sys.argv[2:]
    if args and args[0].endswith(".wasm"):
        keep = set(Module(args.pop(0)).names.values())
    if args:
        top = int(args[0])
    sizes, edges = graph(module)
    if keep is not None:
        sizes = {node: size for node, size in sizes.items() if node[0] == "d" or module.names.get(node[1]) in keep}
        edges = {node: {c for c in children if c in sizes} for node, children in edges.items() if node in sizes}
    root = ("root",)
    edges[root] = {("f", index) for index in module.exports if ("f", index) in sizes}
    order, idom = dominators(root, edges)
    retained = defaultdict(int)
    for node in reversed(order):
        if node != root:
            retained[node] += sizes.get(node, 0)
            retained[idom[node]] += retained[node]

    def label(node):
        if node[0] == "f":
            return demangle(module.names.get(node[1], f"func[{node[1]}]"))
        _, value = module.symbols[node[1]]
        return "data " + value[3]

    total = sum(sizes.get(node, 0) for node in order if node != root)
    print(f"reachable: {total:,} bytes of code and data (un-optimised)")
    # Each of our functions with what it alone keeps; a function of ours dominated by another of
    # ours is folded into it, so the rows do not count a byte twice.
    def ours(node):
        return node[0] == "f" and OURS.match(label(node)) is not None

    def owner(node):
        walk = idom.get(node)
        while walk is not None and walk != root:
            if ours(walk):
                return walk
            walk = idom[walk]
        return None

    # A function of ours is charged what it alone reaches, less what other functions of ours
    # that only it reaches are charged: each byte counts once, at the nearest function of ours.
    charged = {node: retained[node] for node in order if ours(node)}
    for node in list(charged):
        parent = owner(node)
        if parent is not None:
            charged[parent] -= retained[node]
    kept = sum(charged.values())
    print(f"our code and what only it reaches: {kept:,} bytes ({100 * kept / total:.0f} %)\n")
    for node, size in sorted(charged.items(), key=lambda item: -item[1])[:top]:
        print(f"{size:>9,}  {label(node)[:150]}")
    # Generic code instantiated once per type it is used with: each of the shell's view
    # closures, futures and signals has its own copy of the framework function that runs it.
    families, copies = defaultdict(int), defaultdict(int)
    for node in order:
        if node[0] == "f":
            family = re.sub(r"h[0-9a-f]{16}$", "", label(node))
            families[family] += sizes.get(node, 0)
            copies[family] += 1
    print("\ngeneric functions with the most bytes (copies, bytes, function):")
    generic = sorted(((size, family) for family, size in families.items() if copies[family] > 1), reverse=True)
    for size, family in generic[:top // 2]:
        print(f"{copies[family]:>5} {size:>9,}  {family[:140]}")
    print("\nlargest others retained from the roots (framework, shared):")
    others = sorted(((retained[n], label(n)) for n in order if n != root and idom[n] == root and not ours(n)),
                    reverse=True)
    for size, name in others[:top // 2]:
        print(f"{size:>9,}  {name[:150]}")


if __name__ == "__main__":
    main()
