"""``vetstat report``: the city's annual quality report as a Word document, written from the
figures (:mod:`vetstat.outputs.report_chapters`) and laid out by
:mod:`vetstat.outputs.report_docx` — on vetstat's own layout, or on a bureau's template whose
placeholders (:mod:`vetstat.outputs.report_context`) are filled in first."""

from __future__ import annotations

import io
import uuid
from pathlib import Path

from vetstat.core.indicators import views
from vetstat.outputs.report_chapters import chapters, title_of
from vetstat.outputs.report_model import Block, Figure, Heading
from vetstat.usecases.report import ReportData


class TemplateError(Exception):
    """A template that is no Word document, or whose placeholders are not valid Jinja."""


def write_report(data: ReportData, path: Path, template: Path | None = None) -> list[Figure]:
    """Write the report of ``data`` to ``path`` (whole or not at all); the figures written."""
    from vetstat.outputs.report_docx import ReportDocument

    blocks: list[Block] = chapters(data)
    if template is None:
        document = ReportDocument()
        document.cover(title_of(data), data.unit, data.date)
        document.contents([block for block in blocks if isinstance(block, Heading)])
        document.body(blocks)
        document.record_figures()
        document.save(path)
        return [figure for figure, _ in document.figures]
    marker = f"VETSTAT-BODY-{uuid.uuid4().hex}"
    rendered, used = _render(template, data, marker)
    document = ReportDocument(rendered)
    document.title = title_of(data)
    if not document.body_at(marker, blocks):
        pass  # a template without {{ body }}: the bureau's paragraphs alone
    document.record_figures(_placeholder_figures(data, used))
    document.save(path)
    return [figure for figure, _ in document.figures]


def _render(template: Path, data: ReportData, marker: str) -> tuple[io.BytesIO, set[str]]:
    """The template with its placeholders filled in, and the names it used."""
    import zipfile

    import jinja2
    from docxtpl import DocxTemplate
    from jinja2.sandbox import SandboxedEnvironment

    from vetstat.outputs.report_context import context

    environment = SandboxedEnvironment()
    try:
        document = DocxTemplate(str(template))
        used = set(document.get_undeclared_template_variables(environment))
        document.render(context(data, marker), jinja_env=environment, autoescape=True)
        rendered = io.BytesIO()
        document.save(rendered)
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise TemplateError(
            f"模板不是 Word 文档（.docx）：{template} / the template is not a Word document: "
            f"{template}") from exc
    except jinja2.TemplateError as exc:
        raise TemplateError(
            f"模板中的占位符有误：{template}：{exc}。占位符写法见 vetstat report --placeholders / "
            f"a placeholder of the template is wrong: {template}: {exc}") from exc
    rendered.seek(0)
    return rendered, used


def _placeholder_figures(data: ReportData, used: set[str]) -> list[Figure]:
    """The figures a template's placeholders wrote (no bookmark: the template placed them)."""
    from vetstat.outputs.report_context import context

    values = context(data, "")
    keys = views().by_key
    found = []
    for name in sorted(used):
        base = name.removesuffix("_change_value").removesuffix("_change_pct").removesuffix(
            "_change")
        if base in keys and values.get(name):
            value = data.figures.get(base) if base == name else None
            found.append(Figure(name, data.subject, value, str(values[name])))
    return found
