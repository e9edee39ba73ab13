"""The packages of generator/ form the pipeline's layers: each imports only the layers below it
(see each package's __init__.py and docs/ARCHITECTURE.md). A new import that reaches up fails here."""

from __future__ import annotations

import ast

import pytest
from conftest import ROOT

PACKAGE = ROOT / "generator"
BASE = {"errors", "paths"}
# What each layer may import, besides itself. Lowest first.
ALLOWED: dict[str, set[str]] = {
    "paths": set(),
    "errors": {"paths"},
    "notice": BASE,
    "markdown": BASE | {"notice"},
    "source": BASE | {"notice", "markdown"},
    "assemble": BASE | {"notice", "source"},
    "render": BASE | {"notice", "markdown", "source", "assemble"},
    "build": BASE | {"notice", "markdown", "source", "assemble", "render"},
    "commands": BASE | {"notice", "markdown", "source", "assemble", "render", "build"},
}


def _layer(path) -> str:
    rel = path.relative_to(PACKAGE)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def _imports(path) -> set[str]:
    """The layers a module imports from (absolute `generator.x` imports; relative ones are refused)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}: relative import; write `from generator.… import …`"
            names = [node.module or ""]
            if node.module == "generator":
                names = [f"generator.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "generator" and len(parts) > 1 and parts[1] in ALLOWED:
                found.add(parts[1])
    return found


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if _layer(p) in ALLOWED)


def test_every_module_belongs_to_a_layer():
    stray = [p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py")
             if _layer(p) not in ALLOWED and p.name not in ("__init__.py", "__main__.py")]
    assert stray == []


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_imports_only_lower_layers(path):
    layer = _layer(path)
    reaching_up = _imports(path) - ALLOWED[layer] - {layer}
    assert not reaching_up, f"{layer} may not import {sorted(reaching_up)}"


@pytest.mark.parametrize("package", sorted(k for k in ALLOWED if (PACKAGE / k).is_dir()))
def test_each_package_says_what_it_does(package):
    doc = ast.get_docstring(ast.parse((PACKAGE / package / "__init__.py").read_text("utf-8")))
    assert doc and "May import" in doc or "may import" in (doc or "")
