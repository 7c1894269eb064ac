"""Command line: `python -m geo validate [PATH ...]`, `python -m geo extract PATH [--json]`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from geo.data import EVENTS_PATH, PLACES_PATH, validate_file


def cmd_validate(args: argparse.Namespace) -> int:
    paths = args.paths or [PLACES_PATH, EVENTS_PATH]
    failed = False
    for path in paths:
        problems = validate_file(path)
        if problems:
            failed = True
            print(f"{path}: {len(problems)} problem(s)", file=sys.stderr)
            for problem in problems:
                print(f"  {problem}", file=sys.stderr)
        else:
            print(f"{path}: valid")
    return 1 if failed else 0


def cmd_extract(args: argparse.Namespace) -> int:
    from geo.data import load_places
    from geo.extract import extract, result_as_dict
    from geo.gazetteer import Gazetteer

    path = Path(args.path)
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        print(f"{path}: cannot be read as UTF-8 text: {err}", file=sys.stderr)
        return 2
    result = extract(raw, Gazetteer(load_places()))
    report = result_as_dict(result)
    if args.json:
        json.dump(report, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    print(f"Places found in {path} ({len(report['places'])}):")
    print(f"  {'place':32} {'source':10} {'count':>5}  paragraphs")
    for place in report["places"]:
        paragraphs = ", ".join(str(p) for p in place["paragraphs"])
        print(f"  {place['name'][:32]:32} {place['source']:10} {place['count']:>5}  {paragraphs}")
    print(f"\nDated sentences ({len(report['dated_sentences'])}):")
    for item in report["dated_sentences"]:
        places = ", ".join(item["places"]) or "-"
        print(f"  {item['date']:10} ¶{item['paragraph']:<3} places: {places}")
        print(f"             {item['sentence'][:110]}")
    print(f"\nNames not resolved ({len(report['unresolved'])}):")
    for item in report["unresolved"]:
        paragraphs = ", ".join(str(p) for p in item["paragraphs"])
        print(f"  {item['name']}  (¶ {paragraphs})")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m geo", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    validate = sub.add_parser("validate", help="check places / events GeoJSON files (default: the shipped data)")
    validate.add_argument("paths", nargs="*", type=Path)
    validate.set_defaults(run=cmd_validate)
    extract = sub.add_parser("extract", help="find the places and dates a text names")
    extract.add_argument("path")
    extract.add_argument("--json", action="store_true", help="print JSON instead of a table")
    extract.set_defaults(run=cmd_extract)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
