"""The layout is the architecture: the direction of imports between geo's packages, tested.

model ← text ← map ← io: a package imports only the ones to its left (and never Streamlit, nor
the app's pages); dashboard.py, the pages and the app's wiring modules import geo, never the reverse.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
GEO = REPO / "geo"
LAYERS = ("model", "text", "map", "io")
APP_MODULES = {"dashboard", "presentation", "classroom", "app_data", "pages", "ui"}


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


def modules_of(package: str) -> list[Path]:
    return sorted((GEO / package).glob("*.py"))


def test_every_geo_module_lives_in_a_package_named_for_its_layer() -> None:
    loose = {p.name for p in GEO.glob("*.py")} - {"__init__.py", "__main__.py"}
    assert loose == set(), f"modules outside geo's packages: {sorted(loose)}"
    for package in LAYERS:
        doc = ast.get_docstring(ast.parse((GEO / package / "__init__.py").read_text(encoding="utf-8")))
        assert doc and "imports" in doc.lower(), f"geo/{package}/__init__.py should say what it holds and may import"


@pytest.mark.parametrize("package", LAYERS)
def test_a_package_imports_only_the_layers_below_it(package: str) -> None:
    forbidden = {f"geo.{later}" for later in LAYERS[LAYERS.index(package) + 1 :]}
    wrong = {
        f"{path.relative_to(REPO)} imports {name}"
        for path in modules_of(package)
        for name in imported_modules(path)
        if any(name == f or name.startswith(f + ".") for f in forbidden)
    }
    assert wrong == set()


def test_geo_never_imports_streamlit_or_the_app() -> None:
    wrong = {
        f"{path.relative_to(REPO)} imports {name}"
        for path in GEO.rglob("*.py")
        for name in imported_modules(path)
        if name.split(".")[0] in {"streamlit", "streamlit_folium"} | APP_MODULES
    }
    assert wrong == set()


def test_the_app_reaches_geo_through_its_packages() -> None:
    app_files = [REPO / f"{name}.py" for name in APP_MODULES - {"pages", "ui"}]
    app_files += sorted((REPO / "pages").glob("*.py")) + sorted((REPO / "ui").glob("*.py"))
    names = {name for path in app_files for name in imported_modules(path)}
    geo_imports = {name for name in names if name.split(".")[0] == "geo"}
    assert geo_imports, "the app should build its views from geo"
    assert all(name.split(".")[1] in LAYERS for name in geo_imports), sorted(geo_imports)
