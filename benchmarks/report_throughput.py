"""Report throughput against bare reportlab platypus, measured in the same run.

    python benchmarks/report_throughput.py

Both sides lay out equivalent content with the same DejaVu fonts: headings, paragraphs,
labelled cards and data tables. Facilitator's side builds real session reports (a session
with many captures) through facilitator.report; the baseline builds the same kind of
story straight from platypus, without escaping, font fallback, charts or the page-count
pass. Prints pages per second for each (CPU time, the median of several runs, the two
taking turns), the ratio (target >= 0.8x), and the time of the demo session report
(target < 0.5 s).
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from datetime import UTC, date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pypdf import PdfReader  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.lib.units import mm  # noqa: E402
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table  # noqa: E402

from facilitator.demo import add_demo  # noqa: E402
from facilitator.model import Action, Decision, Experiment, Learning  # noqa: E402
from facilitator.report import render_session, session_data  # noqa: E402
from facilitator.report.fonts import BOLD, REGULAR, register_family  # noqa: E402
from facilitator.store import captures, memory  # noqa: E402

TODAY = date(2026, 3, 4)
ROUNDS = 9
SENTENCE = (
    "Shadow mode lets Bristol learn the system without putting customers at risk, "
    "and ties the switch to evidence rather than a date. "
)


def big_session() -> tuple[object, str]:
    database = memory()
    sample = add_demo(database, today=TODAY)
    for i in range(60):
        captures.add(
            database,
            Decision(
                sample,
                f"Decision {i}: " + SENTENCE * 2,
                rationale=SENTENCE * 3,
                objections=SENTENCE,
            ),
        )
        captures.add(database, Action(sample, f"Action {i}: " + SENTENCE, due="2026-03-20"))
        captures.add(database, Learning(sample, f"Learning {i}: " + SENTENCE * 2))
    for i in range(20):
        captures.add(
            database,
            Experiment(
                sample,
                f"Hypothesis {i}: " + SENTENCE,
                what_we_try=SENTENCE,
                limit_time="Two weeks",
                limit_money="None",
                limit_risk=SENTENCE,
                success_signal=SENTENCE,
                stop_signal=SENTENCE,
            ),
        )
    return database, sample


def facilitator_pdf(data: object) -> bytes:
    buffer = io.BytesIO()
    render_session(data, buffer, today=TODAY, tz=UTC)  # type: ignore[arg-type]
    return buffer.getvalue()


def bare_pdf(data: object) -> bytes:
    """The same content as plain platypus: no escaping, fallback, charts or page count."""
    rec = data.record  # type: ignore[attr-defined]
    body = ParagraphStyle("b", fontName=REGULAR, fontSize=9.5, leading=13.5)
    bold = ParagraphStyle("h", fontName=BOLD, fontSize=10, leading=14)
    h1 = ParagraphStyle("h1", fontName=BOLD, fontSize=14, leading=18, spaceBefore=14)
    w = A4[0] - 40 * mm
    story: list[object] = [Paragraph(rec.session.title, h1), Paragraph(rec.session.dilemma, body)]
    rows = [[Paragraph(p.title, body), Paragraph(str(p.planned_s), body)] for p in rec.phases]
    story += [Paragraph("Agenda", h1), Table(rows, colWidths=[w - 30 * mm, 30 * mm])]
    story.append(Paragraph("Decisions", h1))
    for d in rec.decisions:
        story.append(
            Table(
                [
                    [Paragraph("D", bold), Paragraph(d.text, bold)],
                    [Paragraph("Method", body), Paragraph(d.method.value, body)],
                    [Paragraph("Rationale", body), Paragraph(d.rationale, body)],
                    [Paragraph("Objections", body), Paragraph(d.objections, body)],
                ],
                colWidths=[24 * mm, w - 24 * mm],
            )
        )
        story.append(Spacer(1, 4 * mm))
    story.append(Paragraph("Actions", h1))
    story.append(
        Table(
            [
                [
                    Paragraph(a.text, body),
                    Paragraph(a.due or "", body),
                    Paragraph(a.status.value, body),
                ]
                for a in rec.actions
            ],
            colWidths=[w - 50 * mm, 30 * mm, 20 * mm],
            repeatRows=0,
        )
    )
    story.append(Paragraph("Experiments", h1))
    for x in rec.experiments:
        story.append(
            Table(
                [
                    [Paragraph(k, body), Paragraph(v or "—", body)]
                    for k, v in (
                        ("Hypothesis", x.hypothesis),
                        ("Try", x.what_we_try),
                        ("Time", x.limit_time),
                        ("Money", x.limit_money),
                        ("Risk", x.limit_risk),
                        ("Works", x.success_signal),
                        ("Stop", x.stop_signal),
                    )
                ],
                colWidths=[26 * mm, w - 26 * mm],
            )
        )
        story.append(Spacer(1, 4 * mm))
    story.append(Paragraph("Learnings", h1))
    story += [Paragraph(lr.text, body) for lr in rec.learnings]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm).build(story)
    return buffer.getvalue()


def pages(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def pages_per_second(builds: dict[str, object], data: object) -> dict[str, tuple[float, int]]:
    """Pages per second of each build: the median of ROUNDS runs in CPU time, the builds
    taking turns run by run, so a busy moment on a shared machine hits each alike."""
    counts = {name: pages(build(data)) for name, build in builds.items()}  # warm up
    times: dict[str, list[float]] = {name: [] for name in builds}
    for _ in range(ROUNDS):
        for name, build in builds.items():
            start = time.process_time()
            build(data)
            times[name].append(time.process_time() - start)
    return {name: (counts[name] / statistics.median(times[name]), counts[name]) for name in builds}


def main() -> None:
    register_family()
    database, sample = big_session()
    data = session_data(database, sample)  # type: ignore[arg-type]
    rates = pages_per_second({"ours": facilitator_pdf, "bare": bare_pdf}, data)
    (ours, our_pages), (bare, bare_pages) = rates["ours"], rates["bare"]
    print(f"bare reportlab platypus: {bare:7.1f} pages/s ({bare_pages} pages)")
    print(f"facilitator report:      {ours:7.1f} pages/s ({our_pages} pages)")
    print(f"ratio: {ours / bare:.2f}x (target >= 0.8x)")

    demo_db = memory()
    demo = session_data(demo_db, add_demo(demo_db, today=TODAY))
    facilitator_pdf(demo)
    times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        facilitator_pdf(demo)
        times.append(time.perf_counter() - start)
    first = time.perf_counter()
    session_data(demo_db, demo.record.session.id)
    gather = time.perf_counter() - first
    print(
        f"demo session report: {statistics.median(times) * 1000:.0f} ms to lay out "
        f"+ {gather * 1000:.0f} ms to read (target < 500 ms)"
    )


if __name__ == "__main__":
    main()
