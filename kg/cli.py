"""The `policykg` command line: each command parses, calls one library function, prints."""

from __future__ import annotations

import atexit
import gc
import json
import os
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, nullcontext
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from pyoxigraph import RdfFormat
from rich.console import Console

from kg import locale
from kg.config import Settings
from kg.errors import PolicyKGError
from kg.store import RemoteStore, open_store, runfile
from kg.store.format import format_problem

if TYPE_CHECKING:
    from rich.progress import Progress

    from kg.store import Store

# Each command imports what only it needs (the analyses, the output formats, rich's progress
# bars, the build's and ingestion's libraries) when it runs: a command pays for its own
# imports, not for every other command's (`policykg load` at 100k triples takes about a
# second, of which the imports were 0.12 s).

app = typer.Typer(
    help="policykg: compare how France, Sweden and the UK fight the sexual exploitation of minors.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console()
errors = Console(stderr=True, soft_wrap=True)  # messages with paths stay on one line
_ = locale.gettext


def say_error(text: str) -> None:
    errors.print("[red]" + _("error:") + "[/] " + text)


def say_warning(text: str) -> None:
    errors.print("[yellow]" + _("warning:") + "[/] " + text)


class QueryFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class CompareFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    md = "md"


class BriefFormat(StrEnum):
    json = "json"
    md = "md"
    docx = "docx"


class Language(StrEnum):
    """The reader's language: tables, headers and words, and the labels from the data."""

    en = "en"
    fr = "fr"
    sv = "sv"


LangOption = Annotated[
    Language | None, typer.Option("--lang", "-l", help="language of the output: en, fr or sv")
]


def language_from_environment(environ: Mapping[str, str] = os.environ) -> str:
    """The language of messages and tables when no --lang is given: POLICYKG_LANG, else the
    POSIX locale variables as gettext reads them (LC_ALL, LC_MESSAGES, LANG), else English."""
    chosen = environ.get("POLICYKG_LANG") or next(
        (environ[n] for n in ("LC_ALL", "LC_MESSAGES", "LANG") if environ.get(n)), ""
    )
    code = chosen.split(".")[0].split("_")[0].split("-")[0].lower()
    return code if code in locale.LANGUAGES else locale.DEFAULT


@app.callback()
def main(
    ctx: typer.Context,
    lang: Annotated[
        Language | None,
        typer.Option(
            "--lang", "-l", help="language of messages and tables: en, fr or sv (default: "
            "POLICYKG_LANG, else LC_ALL / LC_MESSAGES / LANG, else en)",
        ),
    ] = None,
) -> None:  # fmt: skip
    """policykg: compare how France, Sweden and the UK fight the sexual exploitation of minors."""
    # for the command's run only (a test running several commands in one process must not
    # inherit the last one's language)
    ctx.with_resource(locale.using(lang.value if lang else language_from_environment()))


def chosen_language(lang: Language | None) -> str:
    """A command's own --lang, else the one chosen for the whole command line."""
    return lang.value if lang is not None else locale.current()


class DumpFormat(StrEnum):
    trig = "trig"
    nq = "nq"
    ttl = "ttl"


DUMP_FORMATS = {"trig": RdfFormat.TRIG, "nq": RdfFormat.N_QUADS, "ttl": RdfFormat.TURTLE}


@contextmanager
def opened_store(settings: Settings, *, read_only: bool = False) -> Iterator[Store]:
    """The configured store; any policykg error ends the command with its message.
    `read_only` opens an on-disk store without its lock (works while a server runs)."""
    store = None
    try:
        store = open_store(settings, read_only=read_only)
        yield store
    except PolicyKGError as exc:
        say_error(locale.error_text(exc))
        raise typer.Exit(1) from exc
    finally:
        if store is not None:
            store.close()


@contextmanager
def reading_store(settings: Settings, *, strict: bool = True) -> Iterator[Store]:
    """The store opened for reading: an on-disk store read-only, so that read commands work
    whether or not a server holds it; then its format is checked (kg.store.format). A store
    this version cannot read ends the command with what to do (`strict`), or is only
    warned about (query and export, which still help to inspect or save an old store)."""
    where = settings.store
    if runfile.on_disk(settings) is not None and not (Path(where) / "CURRENT").is_file():
        say_error(format_problem_for_missing(where))
        raise typer.Exit(1)
    with opened_store(settings, read_only=True) as store:
        problem = None if isinstance(store, RemoteStore) else format_problem(store, where)
        if problem and strict:
            say_error(problem)
            raise typer.Exit(1)
        if problem:
            say_warning(problem)
        yield store


def format_problem_for_missing(where: str) -> str:
    return _(
        "There is no store at {where} yet: run `policykg build` (or `make run`, which builds "
        "and serves).",
        where=where,
    )


def progress_bar() -> Progress:
    """A transient progress bar on standard error (build, ingest)."""
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
        console=errors,
        transient=True,
    )


def refuse_if_served(settings: Settings, command: str) -> None:
    """A write command cannot open a store a server holds: say which server and what to do."""
    server = runfile.running_server(settings)
    if server is None:
        return
    message = _(
        "the store {store} is held by the policykg server at {url}{process}; `{command}` "
        "needs the store to itself. Stop the server (Ctrl-C in its terminal), run `policykg "
        "{command}`, then start it again (`make run` builds and serves in one go).",
        store=settings.store,
        url=server.url,
        process=server.process,
        command=command,
    )
    say_error(message)
    raise typer.Exit(1)


@app.command("build")
def build_command() -> None:
    """(Re)build the graph from ontology/ and data/: validate, reason, store, summarise."""
    from kg.analysis.coverage import coverage as run_coverage
    from kg.build.pipeline import STEPS, build  # pySHACL and rdflib: only the commands that build
    from kg.formats import terminal

    settings = Settings.from_env()
    refuse_if_served(settings, "build")
    with opened_store(settings) as store:
        with progress_bar() as progress:
            task = progress.add_task("build", total=len(STEPS))

            def on_step(name: str) -> None:
                progress.update(task, description=name, completed=STEPS.index(name))

            report = build(store, settings, on_step)
        console.print(_("Store: {store}", store=store.description))
        if report.validation is not None and not report.validation.conforms:
            terminal.print_validation(errors, report.validation)
            errors.print(
                "[red]"
                + _("Build refused: the curated data does not conform; nothing was written.")
                + "[/]"
            )
            raise typer.Exit(1)
        terminal.print_build(console, report, run_coverage(store).as_dict())
        if report.document_errors:
            raise typer.Exit(1)


@app.command("check")
def check_command(
    paths: Annotated[list[Path], typer.Argument(help="curated data files (data/…/*.ttl)")],
) -> None:
    """Validate curated data files against the shapes, as build would, without writing."""
    from kg.build.pipeline import check_files
    from kg.formats import terminal

    settings = Settings.from_env()
    try:
        report, warnings = check_files(settings, paths)
    except PolicyKGError as exc:
        say_error(locale.error_text(exc))
        raise typer.Exit(1) from exc
    for warning in warnings:
        say_warning(warning)
    terminal.print_validation(console, report)
    if not report.conforms:
        raise typer.Exit(1)


@app.command("ingest")
def ingest_command(
    paths: Annotated[list[Path], typer.Argument(help="files or folders")],
    fmt: Annotated[str | None, typer.Option("--format", "-f", help="force a format")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print the extraction documents")] = False,
    workers: Annotated[int, typer.Option(help="parsing processes")] = 2,
    date: Annotated[
        str | None,
        typer.Option(help="the documents' date YYYY-MM-DD, used when a text carries none"),
    ] = None,
    answers: Annotated[
        str | None, typer.Option(help="id of the question these documents answer")
    ] = None,
) -> None:
    """Ingest documents: each becomes its own named graph; bad files are reported and skipped."""
    from kg.formats import terminal
    from kg.ingest.files import FileOutcome, GivenMeta, expand, ingest_files
    from kg.ingest.pipeline import check_answers, check_date
    from kg.ingest.reader import start_readers

    settings = Settings.from_env()
    try:
        given_meta = GivenMeta(date=check_date(date), answers=answers)
        check_answers(answers)
    except PolicyKGError as exc:
        say_error(locale.error_text(exc))
        raise typer.Exit(2) from exc
    files = expand(paths)
    missing = [p for p in files if not p.exists()]
    present = [p for p in files if p.exists()]
    server = runfile.running_server(settings) or runfile.policykg_server(settings)
    # The readers start first, while this process has no store and no thread: they are
    # then forked, not spawned (kg.ingest.reader.start_readers).
    readers = (
        start_readers(timeout=settings.ingest_timeout, workers=min(workers, len(present)))
        if server is None and present
        else None
    )
    with (
        readers or nullcontext(),
        progress_bar() as progress,
    ):  # fmt: skip
        task = progress.add_task("ingest", total=len(files))

        def advance(outcome: FileOutcome) -> None:
            progress.update(task, advance=1, description=outcome.path.name)

        if server is not None:  # the server holds the store: write through its API
            outcomes = _ingest_through_server(settings, server, present, fmt, advance, given_meta)
        else:
            with opened_store(settings) as store:
                outcomes = ingest_files(
                    store, present, fmt, settings.max_document_bytes, workers,
                    on_done=advance, timeout=settings.ingest_timeout,
                    given=dict.fromkeys(present, given_meta), readers=readers,
                )  # fmt: skip
    for path in missing:
        errors.print("[red]" + _("skipped") + "[/] " + _("{path}: no such file", path=path))
    for outcome in outcomes:
        if outcome.error:
            errors.print("[red]" + _("skipped") + "[/] " + str(outcome.error))
    done = [o.result for o in outcomes if o.result is not None]
    if as_json:
        print(json.dumps([r.extraction for r in done], ensure_ascii=False, indent=2))
    elif done or not (missing or any(o.error for o in outcomes)):  # no empty table after errors
        terminal.print_ingested(console, done)
        if any(r.extraction["type"] == "statute" for r in done):
            from kg.build.consistency import check

            with reading_store(settings, strict=False) as store:
                terminal.print_consistency(console, check(store))
    if missing or any(o.error for o in outcomes):
        raise typer.Exit(1)


def _ingest_through_server(
    settings: Settings,
    server: runfile.RunningServer,
    paths: list[Path],
    fmt: str | None,
    on_done: Callable[[Any], None],
    given: Any = None,
) -> list[Any]:
    """`ingest` while a server holds the store: POST /api/documents with POLICYKG_TOKEN,
    or, without a token, say exactly what to do (nothing is sent)."""
    from kg.ingest.via_server import ingest_through

    if not settings.token:
        message = _(
            "the store {store} is held by the policykg server at {url}{process}, so `ingest` "
            "sends the files to it, which needs its token: set POLICYKG_TOKEN to the token "
            "the server was started with (a server started without one refuses writes: "
            "restart it with `POLICYKG_TOKEN=… make run`), or stop the server and run "
            "`policykg ingest` again.",
            store=settings.store,
            url=server.url,
            process=server.process,
        )
        say_error(message)
        raise typer.Exit(1)
    errors.print(
        _(
            "Sending to the policykg server at {url}, which holds {store}",
            url=server.url,
            store=settings.store,
        )
    )
    try:
        return ingest_through(server.url, settings.token, paths, fmt, on_done, given=given)
    except PolicyKGError as exc:
        say_error(locale.error_text(exc))
        raise typer.Exit(1) from exc


@app.command("query")
def query_command(
    query: Annotated[str, typer.Argument(help="SPARQL text, @FILE, or - for standard input")],
    fmt: Annotated[QueryFormat, typer.Option("--format", "-f")] = QueryFormat.table,
) -> None:
    """Run a SPARQL query over the union of all graphs."""
    from kg.formats import terminal
    from kg.formats.results import RESULT_SET_TYPES, is_graph, serialize_result
    from kg.publish.query_guard import check_depth

    text = _read_query(query)
    settings = Settings.from_env()
    try:
        check_depth(text, settings.max_query_depth)  # deeper would crash the parser
    except PolicyKGError as exc:
        say_error(locale.error_text(exc))
        raise typer.Exit(1) from exc
    with reading_store(settings, strict=False) as store:
        result = store.query(text)
        if is_graph(result):
            sys.stdout.buffer.write(serialize_result(result, "text/turtle"))
        elif fmt is QueryFormat.table:
            terminal.print_solutions(console, result)
        else:
            media = "application/sparql-results+json" if fmt is QueryFormat.json else "text/csv"
            assert media in RESULT_SET_TYPES
            sys.stdout.buffer.write(serialize_result(result, media))
            if fmt is QueryFormat.json:
                sys.stdout.write("\n")


@app.command("compare")
def compare_command(
    topic: Annotated[str, typer.Argument(help="topic notation, e.g. purchase-sex-minor")],
    jurisdiction: Annotated[
        list[str], typer.Option("--jurisdiction", "-j", help="FR, SE, UK (= UK-EW, UK-SCT, UK-NI)…")
    ],
    at: Annotated[str | None, typer.Option(help="date YYYY-MM-DD (default: today)")] = None,
    fmt: Annotated[CompareFormat, typer.Option("--format", "-f")] = CompareFormat.table,
    lang: LangOption = None,
) -> None:
    """Compare a topic across jurisdictions as of a date."""
    from kg.analysis.compare import compare as run_compare
    from kg.formats import export, terminal

    settings = Settings.from_env()
    with locale.using(chosen_language(lang)):
        with reading_store(settings) as store:
            doc = run_compare(store, topic, jurisdiction, at, locale.current())
        _print_document(
            doc,
            fmt,
            export.to_csv,
            export.to_markdown,
            lambda: terminal.print_comparison(console, doc),
        )


@app.command("coverage")
def coverage_command(
    jurisdiction: Annotated[
        list[str] | None,
        typer.Option("--jurisdiction", "-j", help="default: FR SE UK-EW UK-SCT UK-NI EU CoE"),
    ] = None,
    at: Annotated[str | None, typer.Option(help="date YYYY-MM-DD (default: today)")] = None,
    fmt: Annotated[CompareFormat, typer.Option("--format", "-f")] = CompareFormat.table,
    history: Annotated[
        bool, typer.Option("--history", help="also list the periods since 2000 left unknown")
    ] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="exit 1 if any cell is unknown on the date")
    ] = False,
    lang: LangOption = None,
) -> None:
    """The topic × jurisdiction matrix (present / absent / unknown) and verified shares."""
    from kg.analysis.coverage import coverage as run_coverage
    from kg.formats import export, terminal

    with locale.using(chosen_language(lang)):
        settings = Settings.from_env()
        with reading_store(settings) as store:
            result = run_coverage(store, at, jurisdiction, locale.current())
        doc = result.as_dict()
        _print_document(
            doc,
            fmt,
            export.coverage_to_csv,
            export.coverage_to_markdown,
            lambda: terminal.print_coverage(console, doc, history),
        )
        if strict and result.unknown_cells():
            unknown = len(result.unknown_cells())
            errors.print(
                "[red]"
                + locale.ngettext("{n} unknown cell.", "{n} unknown cells.", unknown)
                + "[/]"
            )
            raise typer.Exit(1)


@app.command("brief")
def brief_command(
    document: Annotated[str, typer.Argument(help="the id of an ingested question or answer")],
    at: Annotated[str | None, typer.Option(help="date YYYY-MM-DD (default: today)")] = None,
    jurisdiction: Annotated[
        list[str] | None,
        typer.Option("--jurisdiction", "-j", help="default: FR SE UK"),
    ] = None,
    fmt: Annotated[BriefFormat, typer.Option("--format", "-f")] = BriefFormat.md,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="file to write (default: standard output; DOCX goes to BRIEF-ID-DATE.docx)",
        ),
    ] = None,
    lang: LangOption = None,
) -> None:
    """The brief of a parliamentary question or an answer: JSON, Markdown or DOCX."""
    from kg.analysis.brief import brief as run_brief
    from kg.formats.brief_document import brief_document
    from kg.formats.document import to_docx, to_markdown

    with locale.using(chosen_language(lang)):
        settings = Settings.from_env()
        with reading_store(settings) as store:
            doc = run_brief(store, document, at, jurisdiction, locale.current())
        if fmt is BriefFormat.json:
            body: bytes = json.dumps(doc, ensure_ascii=False, indent=2).encode() + b"\n"
        elif fmt is BriefFormat.md:
            body = to_markdown(brief_document(doc, locale.current())).encode()
        else:
            body = to_docx(brief_document(doc, locale.current()))
            output = output or Path(f"brief-{doc['document']['id']}-{doc['at']}.docx")
        if output is None or str(output) == "-":
            sys.stdout.buffer.write(body)
        else:
            output.write_bytes(body)
            errors.print(_written(len(body), output))


def _written(size: int, file: Path) -> str:
    return locale.gettext("Wrote {n} bytes to {file}", n=locale.format_number(size), file=str(file))


@app.command("export")
def export_command(
    file: Annotated[Path, typer.Argument(help="where to write (- for standard output)")],
    fmt: Annotated[DumpFormat, typer.Option("--format", "-f")] = DumpFormat.trig,
) -> None:
    """Write the whole graph: TriG or N-Quads keep the named graphs, Turtle merges them."""
    from kg.store import dump

    settings = Settings.from_env()
    # Read-only: a consistent view as of the start, while a server may hold the store.
    with reading_store(settings, strict=False) as store:
        data = dump(store, DUMP_FORMATS[fmt.value])
    if str(file) == "-":
        sys.stdout.buffer.write(data)
    else:
        file.write_bytes(data)
        console.print(_written(len(data), file))


@app.command("load")
def load_command(
    files: Annotated[list[Path], typer.Argument(help="TriG, N-Quads or Turtle files")],
    fmt: Annotated[
        DumpFormat | None, typer.Option("--format", "-f", help="default: from the file names")
    ] = None,
) -> None:
    """Load exports into the store: every file is checked first (nothing is written if one
    is bad), then the named graphs they hold replace those of the same name. Turtle goes to
    graph/load/<file stem>."""
    from kg.store.load import check, load_checked, load_new_store

    settings = Settings.from_env()
    refuse_if_served(settings, "load")
    directory = runfile.on_disk(settings)
    given = fmt.value if fmt else None
    try:
        if directory is not None and not directory.exists():  # checked while it loads
            loaded = load_new_store(directory, files, given, settings.load_threads)
        else:  # checked before the store is opened: bad input is told before any lock
            checked = check(files, given)
            with opened_store(settings) as store:
                loaded = load_checked(store, checked, settings.load_threads)
    except PolicyKGError as exc:
        say_error(locale.error_text(exc))
        raise typer.Exit(1) from exc
    console.print(
        locale.ngettext(
            "Loaded {quads} quads in {graphs} named graphs from {n} file",
            "Loaded {quads} quads in {graphs} named graphs from {n} files",
            len(loaded.files),
            quads=locale.format_number(loaded.quads),
            graphs=locale.format_number(len(loaded.graphs)),
        )
    )
    # What is left is garbage the system reclaims at exit: frozen, the interpreter's last
    # collection at exit skips it (60–80 ms of a 1.2 s load at 100k triples, measured).
    atexit.register(gc.freeze)


@app.command("serve")
def serve_command() -> None:
    """Serve the SPARQL endpoint, the JSON API and the pages (POLICYKG_HOST:POLICYKG_PORT)."""
    import uvicorn

    from api.serving import Deferred, fill_memory_store
    from api.sparql_fast import SparqlFastPath
    from kg.publish.query_pool import Limits, QueryPool

    settings = Settings.from_env()
    problem = _port_problem(settings.host, settings.port)
    if problem:
        say_error(problem)
        raise typer.Exit(1)
    holder = runfile.running_server(settings)
    if holder is not None:
        message = _(
            "the store {store} is already served at {url}{process}: use that server, or stop "
            "it first.",
            store=settings.store,
            url=holder.url,
            process=holder.process,
        )
        say_error(message)
        raise typer.Exit(1)
    # The store and the query workers first, the application in a thread once listening
    # (api/serving.py): a SPARQL client is answered while the pages are still loading.
    try:
        store = open_store(settings)
        if settings.store == "memory":
            fill_memory_store(store, settings)
    except PolicyKGError as exc:
        say_error(locale.error_text(exc))
        raise typer.Exit(1) from exc
    old = None if isinstance(store, RemoteStore) else format_problem(store, settings.store)
    if old:
        say_warning(old)
    pool = None
    door = None
    remote = None
    if isinstance(store, RemoteStore):  # GET /sparql goes to the engine the lean way
        from api.sparql_remote import RemoteForward

        limits = Limits(max_bytes=settings.max_result_bytes)
        remote = RemoteForward(store, settings.query_timeout, limits)
    else:
        if settings.sparql_front and sys.platform == "linux":
            # Front workers answer GET /sparql on the server's own socket (api/sparql_front.py)
            from api.sparql_handoff import FrontDoor

            door = FrontDoor.bind(settings.host, settings.port)
        limits = Limits(max_bytes=settings.max_result_bytes)
        pool = QueryPool(
            store,
            timeout=settings.query_timeout,
            workers=settings.query_workers,
            limits=limits,
            front=FrontDoor.front(settings, settings.keep_alive) if door else None,
            front_sockets=door.fds if door else None,
            copy_limit_mb=settings.copy_limit_mb,
        )
        pool.start()  # the workers start on the other core while the rest loads
    url = f"http://{_connect_host(settings.host)}:{settings.port}"
    console.print(_("policykg serving {store} on {url}", store=settings.store, url=url))
    runfile.write(settings, url)  # tells write commands in other terminals who holds the store

    def build() -> Any:
        from api.app import create_app

        app = create_app(settings, store, query_pool=pool)
        if pool is not None:
            pool.warm()  # the copy loads now, not after the first query
        return app

    def close() -> None:
        # Run by the server at shutdown: uvicorn ends the process by re-raising SIGTERM
        # once it has stopped, so no `finally` here would run.
        runfile.remove(settings)
        if pool is not None:
            pool.close()
        store.close()

    config = uvicorn.Config(
        SparqlFastPath(Deferred(build, close), settings, pool, remote),
        host=settings.host,
        port=settings.port,
        log_level="info",
        timeout_keep_alive=max(1, round(settings.keep_alive)),
    )
    if door is not None and pool is not None:
        from api.sparql_handoff import FrontServer

        FrontServer(config, door, pool).run()
    else:
        uvicorn.Server(config).run()


def _connect_host(host: str) -> str:
    """Where a client on this machine reaches a server listening on `host`."""
    if host in ("", "0.0.0.0", "::"):  # noqa: S104 - listening everywhere: connect locally
        return "127.0.0.1"
    return f"[{host}]" if ":" in host else host  # an IPv6 address goes in brackets in a URL


def _port_problem(host: str, port: int) -> str | None:
    """Why `serve` cannot listen on host:port (in use, not allowed), before anything starts."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            return _(
                "cannot listen on {host}:{port} ({reason}): another server (a policykg already "
                "running?) uses that port; stop it, or choose another port with POLICYKG_PORT, "
                "e.g. `POLICYKG_PORT={next} make run`.",
                host=host,
                port=port,
                reason=exc.strerror or exc,
                next=port + 1,
            )
    return None


def _print_document(
    doc: Mapping[str, Any],
    fmt: CompareFormat,
    to_csv: Callable[[Any], str],
    to_markdown: Callable[[Any], str],
    as_table: Callable[[], None],
) -> None:
    """A JSON document on stdout in the format asked for (json prints it unchanged)."""
    if fmt is CompareFormat.json:
        print(json.dumps(doc, ensure_ascii=False, indent=2))
    elif fmt is CompareFormat.csv:
        sys.stdout.write(to_csv(doc))
    elif fmt is CompareFormat.md:
        sys.stdout.write(to_markdown(doc))
    else:
        as_table()


def _read_query(argument: str) -> str:
    if argument == "-":
        return sys.stdin.read()
    if argument.startswith("@"):
        path = Path(argument[1:])
        if not path.is_file():
            say_error(_("no such query file: {path}", path=path))
            raise typer.Exit(2)
        return path.read_text(encoding="utf-8")
    return argument


if __name__ == "__main__":
    app()
