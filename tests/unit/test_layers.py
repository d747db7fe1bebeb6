"""The dependency rule of docs/architecture.md, checked on the source: domain ← services ← api/handlers.

- domain imports no adapters, services, api, handlers, boto3, botocore or chalice;
- services import no chalice, no api (but its pydantic schemas and messages) and no handlers,
  and importing any service module does not load chalice;
- adapters import no services, api or handlers;
- module names are unique across the tree (a name says what a thing is, wherever it is used).
"""
from __future__ import annotations

import ast
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PKG = ROOT / "chalicelib"


def _modules(layer: str) -> list[Path]:
    return sorted(p for p in (PKG / layer).rglob("*.py"))


def _imports(path: Path) -> set[str]:
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            assert node.level == 0, f"{path}: relative import"
            out.add(node.module)
            out |= {f"{node.module}.{a.name}" for a in node.names}
    return out


def _offending(path: Path, banned: tuple[str, ...], allowed: tuple[str, ...] = ()) -> list[str]:
    return sorted(m for m in _imports(path)
                  if any(m == b or m.startswith(b + ".") for b in banned)
                  and not any(m == a or m.startswith(a + ".") for a in allowed))


@pytest.mark.parametrize("path", _modules("domain"), ids=lambda p: str(p.relative_to(ROOT)))
def test_domain_imports_no_adapters_services_api_or_aws(path):
    assert _offending(path, ("boto3", "botocore", "chalice", "chalicelib.adapters", "chalicelib.services",
                             "chalicelib.api", "chalicelib.handlers", "aws_lambda_powertools")) == []


@pytest.mark.parametrize("path", _modules("services"), ids=lambda p: str(p.relative_to(ROOT)))
def test_services_import_no_chalice_and_no_http(path):
    assert _offending(path, ("chalice", "chalicelib.api", "chalicelib.handlers"),
                      allowed=("chalicelib.api.schemas", "chalicelib.api.i18n")) == []


@pytest.mark.parametrize("path", _modules("adapters"), ids=lambda p: str(p.relative_to(ROOT)))
def test_adapters_import_no_services_or_api(path):
    assert _offending(path, ("chalicelib.services", "chalicelib.api", "chalicelib.handlers")) == []


def test_loading_every_service_loads_no_chalice():
    names = [".".join(p.relative_to(ROOT).with_suffix("").parts) for p in _modules("services")
             if p.name != "__init__.py"]
    code = "import sys\n" + "".join(f"import {n}\n" for n in names) + \
           "print(sorted(m for m in sys.modules if m == 'chalice' or m.startswith('chalice.')))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_module_names_are_unique_across_the_tree():
    names = Counter(p.stem for p in PKG.rglob("*.py") if p.name != "__init__.py")
    assert [n for n, c in names.items() if c > 1] == []


def test_app_holds_registrations_only():
    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    functions = [n for n in tree.body if isinstance(n, ast.FunctionDef)]
    assert [f.name for f in functions] == ["openapi"]  # the document of the app's own route table
    assert len(functions[0].body) <= 2
