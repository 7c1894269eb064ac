"""Command line: `python -m geo validate [PATH ...]`, `python -m geo extract PATH [--json]`,
`python -m geo extract --jsonl FILE` (one JSON result per input line; FILE `-` reads standard input)."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

from geo.model.loader import EVENTS_PATH, PLACES_PATH, validate_file


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


def _jsonl_document(line_number: int, line: str) -> tuple[str, str]:
    """The (id, text) of one input line; ValueError naming the line and the bad value otherwise."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        raise ValueError(f"line {line_number}: not JSON ({err.msg}): {line[:80]!r}") from None
    if not isinstance(record, dict):
        raise ValueError(f"line {line_number}: needs an object with 'id' and 'text', got {record!r:.80}")
    doc_id, text = record.get("id"), record.get("text")
    if isinstance(doc_id, bool) or not isinstance(doc_id, (str, int)) or doc_id == "":
        raise ValueError(f"line {line_number}: field 'id' = {doc_id!r:.80}: needs a non-empty string or an integer")
    if not isinstance(text, str):
        raise ValueError(f"line {line_number}: field 'text' = {text!r:.80}: needs a string")
    return str(doc_id), text


def _mention_record(mention) -> dict:
    return {
        "start": mention.start,
        "end": mention.end,
        "text": mention.text,
        "name": mention.name,
        "place_id": mention.place_id,
        "kind": mention.kind,
        "lat": mention.lat,
        "lon": mention.lon,
        "confidence": mention.confidence,
        "uncertain": mention.uncertain,
    }


def cmd_extract_jsonl(source: str, demonyms: bool = False) -> int:
    """One JSON result per non-blank input line, in input order; a bad line gives an error record."""
    from geo.model.loader import load_places
    from geo.text.extract import extract_places
    from geo.text.gazetteer import Gazetteer

    try:
        raw = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        print(f"{source!r} cannot be read as UTF-8 text: {err}", file=sys.stderr)
        return 2
    gazetteer = Gazetteer(load_places())
    failed = 0
    # Only "\n" ends a line: JSON strings may hold other line separators (U+2028) unescaped.
    for line_number, line in enumerate(raw.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            doc_id, text = _jsonl_document(line_number, line)
        except ValueError as err:
            failed += 1
            print(err, file=sys.stderr)
            print(json.dumps({"line": line_number, "error": str(err)}, ensure_ascii=False))
            continue
        mentions = [_mention_record(m) for m in extract_places(text, gazetteer, demonyms=demonyms) if m.place_id]
        print(json.dumps({"id": doc_id, "line": line_number, "mentions": mentions}, ensure_ascii=False))
    if failed:
        print(f"{failed} bad line(s) in {source!r}; the other lines were extracted", file=sys.stderr)
    return 1 if failed else 0


def cmd_extract(args: argparse.Namespace) -> int:
    from geo.model.loader import load_places
    from geo.text.extract import extract
    from geo.text.gazetteer import Gazetteer

    if (args.path is None) == (args.jsonl is None):
        print("give either a text file PATH or --jsonl FILE", file=sys.stderr)
        return 2
    if args.jsonl is not None:
        return cmd_extract_jsonl(args.jsonl, args.demonyms)
    path = Path(args.path)
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        print(f"{str(path)!r} cannot be read as UTF-8 text: {err}", file=sys.stderr)
        return 2
    result = extract(raw, Gazetteer(load_places()))
    if args.json:
        json.dump(dataclasses.asdict(result), sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    print(f"Places found in {path} ({len(result.places)}):")
    print(f"  {'place':34} {'id':24} {'source':18} {'conf':>4} {'count':>5}  paragraphs")
    for place in result.places:
        paragraphs = ", ".join(str(p) for p in place.paragraphs)
        print(
            f"  {place.name[:34]:34} {place.place_id[:24]:24} {place.source:18} {place.confidence:4.2f} "
            f"{place.count:>5}  {paragraphs}"
        )
    if result.uncertain:
        print(f"\nUncertain, not mapped ({len(result.uncertain)}):")
        for place in result.uncertain:
            print(f"  {place.text or place.name} -> {place.name} ({place.confidence:.2f}: {place.reason})")
    print(f"\nDated sentences ({len(result.dated_sentences)}):")
    for item in result.dated_sentences:
        places = ", ".join(item.place_ids) or "-"
        print(f"  {', '.join(item.dates):24} ¶{item.paragraph:<3} places: {places}")
        print(f"      {item.text[:110]}{'…' if len(item.text) > 110 else ''}")
    print(f"\nNames not resolved ({len(result.unresolved)}):")
    for name in result.unresolved:
        print(f"  {name.name}  (¶ {', '.join(str(p) for p in name.paragraphs)})")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    import time

    from geo.io.export import check_lang, describe, site_files, write_site
    from geo.model.loader import DataError, load_dataset, read_geojson
    from geo.model.prepare import prepare

    try:
        check_lang(args.lang)
    except ValueError as err:
        print(f"cannot export: --lang: {err}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    try:
        data = prepare(load_dataset(args.places, args.events))
        attribution = read_geojson(args.places).get("attribution")
    except DataError as err:
        print(f"cannot export: {len(err.problems)} problem(s) in the data", file=sys.stderr)
        for problem in err.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    files = site_files(data, attribution=attribution if isinstance(attribution, str) else None, lang=args.lang)
    try:
        write_site(args.out, files)
    except OSError as err:
        print(f"cannot write the site to {str(args.out)!r}: {err}", file=sys.stderr)
        return 2
    size_kb = sum(len(content) for content in files.values()) / 1024
    elapsed = time.perf_counter() - started
    print(f"wrote {len(files)} files ({size_kb:.0f} KB) to {args.out} in {elapsed:.2f} s: {describe(data)}")
    print(f"open {(args.out / 'index.html').resolve().as_uri()}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m geo", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    validate = sub.add_parser("validate", help="check places / events GeoJSON files (default: the shipped data)")
    validate.add_argument("paths", nargs="*", type=Path)
    validate.set_defaults(run=cmd_validate)
    extract = sub.add_parser("extract", help="find the places and dates a text names")
    extract.add_argument("path", nargs="?", help="a text file")
    extract.add_argument("--json", action="store_true", help="print JSON instead of a table")
    extract.add_argument(
        "--jsonl",
        metavar="FILE",
        help='lines of {"id", "text"} (- for standard input): prints one JSON result per line, in order',
    )
    extract.add_argument(
        "--demonyms",
        action="store_true",
        help='with --jsonl: a demonym ("Russian") is a mention of its country, as LGL and GeoWebNews annotate',
    )
    extract.set_defaults(run=cmd_extract)
    export = sub.add_parser("export", help="write the map as a static site (no server, no CDN)")
    export.add_argument("--out", type=Path, required=True, help="folder for index.html and the files beside it")
    export.add_argument("--places", type=Path, default=PLACES_PATH, help="places GeoJSON (default: the shipped data)")
    export.add_argument("--events", type=Path, default=EVENTS_PATH, help="events GeoJSON (default: the shipped data)")
    export.add_argument(
        "--lang",
        default="en",
        help="the page's language: en, az, hy or ru (its words, dates, the events' texts and place names first)",
    )
    export.set_defaults(run=cmd_export)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
