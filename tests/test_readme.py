"""Everything README.md names exists, in the manner of Datasette's documentation tests: the commands
(`python -m geo …` with its subcommands and options, `python -m bench.…`, `scripts/…`), the files and
Python names it points to, the environment variables (each read somewhere in the code), the Streamlit
settings, and the link parameters. Each is its own test case, so a missing one is named."""

from __future__ import annotations

import ast
import importlib
import json
import re
import shlex
import tomllib
from pathlib import Path

import pytest
from streamlit import config as streamlit_config

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")
# Inline code and fenced blocks, line by line: where the README writes commands, paths and names.
CODE = [
    *re.findall(r"(?<!`)`([^`\n]+)`(?!`)", README),
    *(line for block in re.findall(r"```\w*\n(.*?)```", README, re.DOTALL) for line in block.splitlines()),
]
SOURCE_DIRS = ("geo", "bench", "scripts", "pages", "tests")
NOT_SOURCE = ("tests/vendor",)


def source_files(suffix: str) -> list[Path]:
    files = [*REPO.glob(f"*{suffix}"), *(f for d in SOURCE_DIRS for f in (REPO / d).rglob(f"*{suffix}"))]
    return sorted(f for f in files if not any(f.is_relative_to(REPO / skip) for skip in NOT_SOURCE))


def python_commands() -> list[tuple[str, list[str]]]:
    """(module, its arguments) of every `python -m MODULE …` the README writes."""
    commands = []
    for code in CODE:
        for found in re.finditer(r"python -m ([\w.]+)([^&|;]*)", code):
            commands.append((found.group(1), shlex.split(found.group(2).replace("…", ""))))
    return commands


def module_file(module: str) -> Path | None:
    base = REPO / module.replace(".", "/")
    return next((p for p in (base.with_suffix(".py"), base / "__main__.py") if p.is_file()), None)


def argparse_names(path: Path, method: str) -> set[str]:
    """The string arguments of every `….add_parser(…)` or `….add_argument(…)` call in the file."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == method:
            names |= {arg.value for arg in node.args if isinstance(arg, ast.Constant) and isinstance(arg.value, str)}
    return names


COMMANDS = python_commands()


@pytest.mark.parametrize(("module", "arguments"), COMMANDS, ids=[" ".join([m, *a]) for m, a in COMMANDS])
def test_a_python_command_runs_a_module_with_those_options(module: str, arguments: list[str]) -> None:
    path = module_file(module)
    assert path is not None, f"`python -m {module}`: no module {module!r} in the repository"
    options = {found for argument in arguments for found in re.findall(r"(?<![\w-])--[a-z][\w-]*", argument)}
    unknown = options - argparse_names(path, "add_argument")
    assert not unknown, f"`python -m {module}`: {path.relative_to(REPO)} has no option {sorted(unknown)}"


GEO_SUBCOMMANDS = [args[0] for module, args in COMMANDS if module == "geo" and args]


def test_the_readme_shows_the_geo_command_line() -> None:
    assert set(GEO_SUBCOMMANDS) >= {"validate", "extract", "export"}


@pytest.mark.parametrize("subcommand", sorted(set(GEO_SUBCOMMANDS)))
def test_a_geo_subcommand_exists(subcommand: str) -> None:
    assert subcommand in argparse_names(REPO / "geo" / "__main__.py", "add_parser"), f"python -m geo {subcommand}"


SCRIPTS = sorted(set(re.findall(r"(?<![\w/])(?:\./)?(scripts/[\w.-]+\.(?:sh|py))", README)))


@pytest.mark.parametrize("script", SCRIPTS)
def test_a_named_script_exists(script: str) -> None:
    assert (REPO / script).is_file(), script


def repository_paths() -> list[str]:
    """Code spans that are paths inside the repository: their first part is there (so `site/`, an
    export's output, and `<base>/component/…`, a URL, are not taken for one)."""
    paths = []
    for code in CODE:
        first = code.split("/")[0]
        if re.fullmatch(r"[\w.-]+/[\w./-]*", code) and first not in {".", ".."} and (REPO / first).exists():
            paths.append(code)
    return sorted(set(paths))


@pytest.mark.parametrize("path", repository_paths())
def test_a_named_path_exists(path: str) -> None:
    assert (REPO / path).exists(), path


PYTHON_NAMES = sorted({code for code in CODE if re.fullmatch(r"(?:geo|bench)(?:\.\w+)+", code)})


@pytest.mark.parametrize("dotted", PYTHON_NAMES)
def test_a_named_python_module_or_function_exists(dotted: str) -> None:
    parts = dotted.split(".")
    for split in range(len(parts), 0, -1):
        try:
            target = importlib.import_module(".".join(parts[:split]))
        except ModuleNotFoundError:
            continue
        for attribute in parts[split:]:
            assert hasattr(target, attribute), f"{dotted}: {'.'.join(parts[:split])} has no {attribute!r}"
            target = getattr(target, attribute)
        return
    pytest.fail(f"{dotted}: no such module")


ENVIRONMENT_VARIABLES = sorted({code for code in CODE if re.fullmatch(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+", code)})


def environment_reads(path: Path) -> set[str]:
    """The variables a Python file reads: `os.environ.get(X)`, `os.environ[X]`, `os.getenv(X)`, with X a
    string or a module constant holding one."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    constants = {
        target.id: node.value.value
        for node in tree.body
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
        for target in node.targets
        if isinstance(target, ast.Name)
    }

    def value_of(node: ast.expr) -> str | None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        return constants.get(node.id) if isinstance(node, ast.Name) else None

    def is_environ(node: ast.expr) -> bool:
        return isinstance(node, ast.Attribute) and node.attr == "environ"

    reads = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript) and is_environ(node.value):
            reads.add(value_of(node.slice))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.args:
            reads_one = (node.func.attr == "get" and is_environ(node.func.value)) or node.func.attr == "getenv"
            reads.add(value_of(node.args[0]) if reads_one else None)
    return reads - {None}


@pytest.mark.parametrize("variable", ENVIRONMENT_VARIABLES)
def test_a_named_environment_variable_is_read(variable: str) -> None:
    in_python = any(variable in environment_reads(path) for path in source_files(".py"))
    shell = [*source_files(".sh"), REPO / ".ci" / "run", REPO / "Dockerfile", REPO / "compose.yaml"]
    in_shell = any(
        re.search(rf"\$\{{?{variable}\b", path.read_text(encoding="utf-8")) for path in shell if path.is_file()
    )
    assert in_python or in_shell, f"{variable} is named in README.md but no code reads it"


STREAMLIT_SECTIONS = ("server", "browser", "client", "theme", "runner", "logger", "global", "magic", "ui")
# A whole word: `ui.view_session` is a module of ui/, not the setting ui.view.
SETTING_NAME = rf"(?<![\w.])(?:--)?((?:{'|'.join(STREAMLIT_SECTIONS)})\.[a-zA-Z]+)(?!\w)"
STREAMLIT_KEYS = sorted(set(re.findall(SETTING_NAME, README)))
CONFIG_TOML = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
CONFIG_KEYS = sorted(f"{section}.{key}" for section, values in CONFIG_TOML.items() for key in values)


@pytest.mark.parametrize("key", sorted({*STREAMLIT_KEYS, *CONFIG_KEYS}))
def test_a_named_or_configured_streamlit_setting_exists(key: str) -> None:
    try:
        streamlit_config.get_option(key)
    except RuntimeError as err:
        pytest.fail(f"{key}: {err}")


@pytest.mark.parametrize(("key", "value"), [
    ("browser.gatherUsageStats", False),  # "no usage statistics"
    ("server.enableXsrfProtection", True),  # "XSRF protection on"
    ("server.maxUploadSize", 50),  # "a 50 MB upload limit"
    ("theme.base", "light"),  # "a light high-contrast theme"
])  # fmt: skip
def test_the_settings_the_readme_describes_are_configured(key: str, value: object) -> None:
    section, name = key.split(".")
    assert CONFIG_TOML[section][name] == value


LINK_PARAMETERS = sorted(
    {
        (key, value)
        for query in re.findall(r"`\?([^`\s]+)`", README)
        for key, value in re.findall(r"(\w+)=([^&]+)", query)
    }
)
APP_FILES = ["dashboard.py", "presentation.py", "classroom.py", "ui/lang.py", "geo/model/viewstate.py"]


@pytest.mark.parametrize(("key", "value"), LINK_PARAMETERS)
def test_a_link_parameter_is_read_by_the_app(key: str, value: str) -> None:
    assert any(f'"{key}"' in (REPO / name).read_text(encoding="utf-8") for name in APP_FILES), f"?{key}="
    events = json.loads((REPO / "data" / "events.geojson").read_text(encoding="utf-8"))["features"]
    if key == "event":
        assert value in {f["properties"]["id"] for f in events}, f"no event {value!r}"
    elif key == "layers":
        assert set(value.split(",")) <= {f["properties"]["category"] for f in events}, f"no layer {value!r}"


def test_the_readme_names_things_of_every_kind() -> None:
    """The extraction above finds what it should, so an empty list cannot pass for a clean README."""
    found = {
        "commands": len(COMMANDS),
        "scripts": len(SCRIPTS),
        "paths": len(repository_paths()),
        "python names": len(PYTHON_NAMES),
        "environment variables": len(ENVIRONMENT_VARIABLES),
        "Streamlit settings": len(STREAMLIT_KEYS),
        "link parameters": len(LINK_PARAMETERS),
    }
    assert all(found.values()), found
