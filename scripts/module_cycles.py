"""Prints the cycles in server/src's module graph and exits 1 when there is one.

A module is a file or folder of server/src and, inside a folder, each of its files (api/health,
db/orgs, ...). It depends on every module it names through `crate::…` or, in a folder, `super::…`.
A module's own folder parent (`db` for `db/orgs`) is where it is declared, not a dependency.

Usage: python3 scripts/module_cycles.py [SRC_DIR]   (default server/src)
"""

import re
import sys
from pathlib import Path

src = Path(sys.argv[1] if len(sys.argv) > 1 else "server/src")
PATH = re.compile(r"\b(crate|super)::((?:[a-z_][a-z0-9_]*::)*[a-z_][a-z0-9_]*)")
GROUPED = re.compile(r"\b(crate|super)::\{([^}]*)\}")


def module_of(file: Path) -> str:
    parts = list(file.relative_to(src).with_suffix("").parts)
    if parts[-1] == "mod":
        parts.pop()
    return "/".join(parts) or "lib"


modules = {module_of(f): f for f in src.rglob("*.rs") if module_of(f) not in ("lib", "main")}


def resolve(base: list, names: list):
    """The deepest known module a path names, from `base` (the crate root or a folder)."""
    found = None
    for depth in range(1, len(names) + 1):
        candidate = "/".join(base + names[:depth])
        if candidate in modules:
            found = candidate
    return found


edges = {name: set() for name in modules}
for name, file in modules.items():
    text = re.sub(r"//.*", "", file.read_text())
    # `super` is the folder a file is in; for a folder's mod.rs, the folder's parent.
    folder = name.split("/")[:-1]
    paths = [(kind, path.split("::")) for kind, path in PATH.findall(text)]
    for kind, group in GROUPED.findall(text):
        for item in group.split(","):
            item = item.strip().split(" as ")[0]
            if item:
                paths.append((kind, item.split("::")))
    for kind, names in paths:
        base = [] if kind == "crate" else folder
        target = resolve(base, names)
        if target and target != name and not name.startswith(target + "/"):
            edges[name].add(target)

# Tarjan's strongly connected components; a component of more than one module is a cycle.
index, low, stack, on_stack, components, counter = {}, {}, [], set(), [], [0]


def visit(node):
    index[node] = low[node] = counter[0]
    counter[0] += 1
    stack.append(node)
    on_stack.add(node)
    for target in edges[node]:
        if target not in index:
            visit(target)
            low[node] = min(low[node], low[target])
        elif target in on_stack:
            low[node] = min(low[node], index[target])
    if low[node] == index[node]:
        component = []
        while True:
            member = stack.pop()
            on_stack.discard(member)
            component.append(member)
            if member == node:
                break
        if len(component) > 1:
            components.append(sorted(component))


sys.setrecursionlimit(10_000)
for node in sorted(edges):
    if node not in index:
        visit(node)

if components:
    for component in components:
        inside = set(component)
        print("cycle: " + ", ".join(component))
        for member in component:
            for target in sorted(edges[member] & inside):
                print(f"  {member} -> {target}")
    sys.exit(1)
print(f"{len(modules)} modules of {src}, no cycle")
