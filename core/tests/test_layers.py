"""The import layering: an app imports only apps below it, and modules form no circle.

core ← taxonomy ← products_catalog ← news / events / buyers ← programme ← search ← home ←
ocop_site; anything else (benchmarks) sits on top. Tests and migrations may import anything.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LAYERS = [
    ["core"],
    ["taxonomy"],
    ["products_catalog"],
    ["news", "events", "buyers"],
    ["programme"],
    ["search"],
    ["home"],
    ["ocop_site"],
]
RANK = {app: rank for rank, layer in enumerate(LAYERS) for app in layer}
SKIPPED = {"tests", "migrations", "templates", "static", "__pycache__"}


def project_modules():
    """``{dotted module name: path}`` of the project's own packages (no tests, no migrations)."""
    modules = {}
    for package in sorted(p for p in ROOT.iterdir() if (p / "__init__.py").exists()):
        for path in package.rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if SKIPPED & set(parts) or path.name.startswith("test"):
                continue
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            modules[name] = path
    return modules


def imported(path, name):
    """Module names ``path`` imports (relative imports resolved; ``from pkg import mod`` too)."""
    base = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            head = base[: len(base) - node.level + 1] if node.level else []
            target = ".".join(head + ([node.module] if node.module else []))
            yield target
            yield from (f"{target}.{alias.name}" for alias in node.names)


def import_graph():
    modules = project_modules()
    return {
        name: {target for target in imported(path, name) if target in modules and target != name}
        for name, path in modules.items()
    }


def test_no_app_imports_one_above_it_or_beside_it():
    wrong = []
    for module, targets in import_graph().items():
        app, rank = module.split(".")[0], RANK.get(module.split(".")[0], len(LAYERS))
        for target in targets:
            other = target.split(".")[0]
            other_rank = RANK.get(other, len(LAYERS))
            if other != app and (other_rank > rank or (other_rank == rank < len(LAYERS))):
                wrong.append(f"{module} imports {target}")
    assert not wrong, "\n".join(sorted(wrong))


def test_no_import_circles():
    graph = import_graph()
    state, circles = {}, []

    def visit(node, trail):
        state[node] = "open"
        for target in graph.get(node, ()):
            if state.get(target) == "open":
                circles.append(trail[trail.index(target) :] + [target])
            elif target not in state:
                visit(target, trail + [target])
        state[node] = "done"

    for module in graph:
        if module not in state:
            visit(module, [module])
    assert not circles, "\n".join(" → ".join(circle) for circle in circles)
