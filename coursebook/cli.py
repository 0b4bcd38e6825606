"""The ``coursebook`` command.

``coursebook check`` validates a book without building it, and ``coursebook
build`` builds it and publishes only a successful build.
"""

from __future__ import annotations

import argparse
import dataclasses as dc
import sys
from pathlib import Path

from coursebook.check import CheckReport, check_book, check_paths, is_suppressed, read_layout
from coursebook.diagnostics import CODES, WARNING_TYPE, Diagnostic
from coursebook.staged_build import run_build

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="coursebook", description="fastai 강좌 책 도구")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser(
        "check",
        help="장, 스니펫, 슬라이드를 실행하지 않고 검사합니다",
        description="장(chapter), 스니펫 스크립트, 슬라이드 파일을 실행하지 않고 빌드와 같은 규칙으로 검사합니다.",
    )
    check.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="검사할 파일이나 폴더. 없으면 책 전체(장, 스니펫, 슬라이드, 쓰이지 않는 스니펫)를 검사합니다.",
    )
    check.add_argument(
        "--root",
        type=Path,
        default=None,
        help="conf.py가 있는 책 폴더. 기본값은 현재 폴더나 conf.py가 있는 가장 가까운 상위 폴더입니다.",
    )
    check.add_argument(
        "--suppress",
        action="append",
        default=[],
        metavar="CODE",
        help="보고하지 않을 진단 코드(예: snippet-unused 또는 coursebook.snippet-unused). 여러 번 쓸 수 있습니다.",
    )
    build = commands.add_parser(
        "build",
        help="책을 빌드하고, 성공했을 때만 _build/html에 반영합니다",
        description=(
            "책을 _build/staging에 빌드하고(sphinx-build -b html -W --keep-going -n -j auto), 빌드가 성공했을 때만 "
            "바뀐 파일을 _build/html에 반영합니다. 실패하면 _build/html은 그대로 두고, 실패한 페이지는 "
            "_build/staging에 남깁니다."
        ),
        usage="coursebook build [-h] [--root ROOT] [SPHINX_OPTION ...]",
        epilog=(
            "나머지 인자는 그대로 sphinx-build에 넘깁니다(예: -E, -D 이름=값, 프로세스 하나로 빌드하는 -j 1). "
            "-b, -c, -d와 폴더는 이 명령이 정합니다."
        ),
    )
    build.add_argument(
        "--root",
        type=Path,
        default=None,
        help="conf.py와 book 폴더가 있는 책 폴더. 기본값은 현재 폴더나 conf.py가 있는 가장 가까운 상위 폴더입니다.",
    )
    return parser


def find_root(start: Path) -> Path:
    """Return the nearest folder at or above ``start`` that contains ``conf.py``, else ``start``."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / "conf.py").is_file():
            return folder
    return start


def _qualified(code: str) -> str | None:
    name = code.removeprefix(f"{WARNING_TYPE}.")
    if code == WARNING_TYPE:
        return WARNING_TYPE
    return f"{WARNING_TYPE}.{name}" if name in CODES else None


def _display(diagnostic: Diagnostic, cwd: Path) -> Diagnostic:
    if diagnostic.path is None:
        return diagnostic
    path = Path(diagnostic.path).resolve()
    try:
        return dc.replace(diagnostic, path=path.relative_to(cwd))
    except ValueError:
        return dc.replace(diagnostic, path=path)


def _summary(report: CheckReport, reported: int, suppressed: int) -> str:
    checked = f"장 {report.chapters}개, 스니펫 {report.snippets}개, 슬라이드 {report.decks}개를 검사했습니다"
    hidden = f" (숨기도록 설정한 코드의 문제 {suppressed}개는 빼고)" if suppressed else ""
    if reported:
        return f"문제 {reported}개를 찾았습니다{hidden}. {checked}. 위 줄의 파일과 줄 번호에서 고치세요."
    return f"문제가 없습니다{hidden}. {checked}."


def run_check(args: argparse.Namespace) -> int:
    cwd = Path.cwd().resolve()
    root = args.root.resolve() if args.root else find_root(cwd)
    try:
        layout = read_layout(root)
    except SyntaxError as exc:
        print(f"{exc.filename}:{exc.lineno}: conf.py를 읽지 못했습니다: {exc.msg}. 문법 오류를 고치세요.", file=sys.stderr)
        return EXIT_USAGE
    if not args.paths and not layout.chapters_dir.is_dir():
        print(
            f"장 폴더 {layout.chapters_dir}가 없습니다. conf.py가 있는 책 폴더에서 실행하거나 --root로 그 폴더를 지정하세요.",
            file=sys.stderr,
        )
        return EXIT_USAGE

    suppress = list(layout.suppress_warnings)
    for code in args.suppress:
        qualified = _qualified(code)
        if qualified is None:
            print(f"알 수 없는 진단 코드입니다: {code}. 쓸 수 있는 코드: {', '.join(CODES)}", file=sys.stderr)
            return EXIT_USAGE
        suppress.append(qualified)

    missing = [str(path) for path in args.paths if not path.exists()]
    if missing:
        print(f"경로를 찾지 못했습니다: {', '.join(missing)}. 파일이나 폴더 이름을 확인하세요.", file=sys.stderr)
        return EXIT_USAGE

    report = check_paths(args.paths, layout) if args.paths else check_book(layout)
    reported = [d for d in report.diagnostics if not is_suppressed(d, suppress)]
    reported.sort(key=lambda d: (str(d.path), d.line or 0))
    for diagnostic in reported:
        print(_display(diagnostic, cwd).format())
    print(_summary(report, len(reported), len(report.diagnostics) - len(reported)))
    return EXIT_PROBLEMS if reported else EXIT_OK


def run_build_command(args: argparse.Namespace, sphinx_options: list[str]) -> int:
    root = args.root.resolve() if args.root else find_root(Path.cwd())
    if not (root / "conf.py").is_file() or not (root / "book").is_dir():
        print(
            f"{root}에 conf.py나 book 폴더가 없습니다. 책 폴더에서 실행하거나 --root로 그 폴더를 지정하세요.",
            file=sys.stderr,
        )
        return EXIT_USAGE
    # "--" may separate this command's options from Sphinx's.
    if sphinx_options[:1] == ["--"]:
        sphinx_options = sphinx_options[1:]
    return run_build(root, sphinx_options)


def main(argv: list[str] | None = None) -> int:
    """Run the command line ``argv`` (default ``sys.argv[1:]``) and return the exit status."""
    # Korean messages must not fail on a terminal whose encoding lacks a character.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    parser = _parser()
    # Only build takes options that argparse does not know, and those go to sphinx-build.
    args, extra = parser.parse_known_args(argv)
    if args.command == "build":
        return run_build_command(args, extra)
    if extra:
        parser.error(f"알 수 없는 인자입니다: {' '.join(extra)}")
    return run_check(args)


if __name__ == "__main__":
    sys.exit(main())
