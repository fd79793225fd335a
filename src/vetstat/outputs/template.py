"""Writing the school workbook: the blank template, or one filled with a school's data.

The layout is data contract §1 and every label, unit, kind and list comes from
:mod:`vetstat.core.contract`.  Excel's own data validation stops most mistakes at entry.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from vetstat.core.contract import (
    CONTRACT_VERSION,
    FORM_HEADERS,
    INSTRUCTIONS_SHEET,
    SHEETS,
    FieldSpec,
    Kind,
    SchoolData,
    SheetSpec,
)
from vetstat.core.files import TEMPLATE, save_workbook
from vetstat.core.indicators import SURVEY_SLOTS, formula_text, views
from vetstat.outputs.xlstyle import BORDER, INPUT_FILL, WRAP, put, style_header, style_title

TABLE_INPUT_ROWS = 60  # styled, validated empty rows offered on table sheets
NOTE_HEADER = FORM_HEADERS[3]  # 备注: the column a school explains a warning in
NUMBER_FORMATS = {
    Kind.COUNT: "0",
    Kind.YEAR: "0",
    Kind.AMOUNT: "0.00##",
    Kind.PERCENT: "0.00",
    Kind.DIGITS: "@",
}
DEFINITIONS = (
    ("在校生数", "一年级 + 二年级 + 三年级（9月1日）。"),
    ("就业率", "（直接就业人数 + 升学人数）÷ 毕业生数 × 100%（教育部口径，升学计入去向落实）。"),
    ("对口就业率", "对口就业人数 ÷ 直接就业人数 × 100%。"),
    ("升学率", "升学人数 ÷ 毕业生数 × 100%。"),
    ("“双师型”教师比例", "“双师型”教师 ÷ 专业课教师 × 100%（“双师型”教师是专业课教师的一部分）。"),
    ("生师比", "在校生数 ÷ 专任教师数。"),
    ("生均财政拨款", "一般公共预算财政拨款（万元）× 10000 ÷ 在校生数，单位元。"),
    ("生均教学仪器设备值", "教学仪器设备资产总值（万元）× 10000 ÷ 在校生数，单位元。"),
    ("满意度", "（非常满意 + 基本满意）÷ 有效样本数 × 100%。"),
    ("百分比", "填百分数的数值部分：54.2% 填 54.2。"),
    ("金额", "经费单位为万元，可保留四位小数（精确到元）。"),
)


def write_template(path: Path, year: int | None = None) -> None:
    """Write the blank school workbook (with 填表说明) to ``path``, whole or not at all."""
    book = build_workbook(None, year=year)
    save_workbook(book, path, TEMPLATE)


def write_school(data: SchoolData | Mapping[str, Any], path: Path, *,
                 version: int = CONTRACT_VERSION) -> None:
    """Write a filled school workbook (as a school would send it) to ``path``; ``version``: on
    that template version (1: without the rows and sheets version 2 added)."""
    book = build_workbook(data, version=version)
    save_workbook(book, path, None)


def build_workbook(data: SchoolData | Mapping[str, Any] | None, *, year: int | None = None,
                   instructions: bool = True, version: int = CONTRACT_VERSION) -> Workbook:
    """The workbook as an openpyxl object; ``data`` None gives the blank template; ``version``:
    the template version whose fields it holds."""
    values = _as_mapping(data)
    book = Workbook()
    book.remove(book.active)
    if instructions:
        _instructions(book.create_sheet(INSTRUCTIONS_SHEET), year, version)
    notes = values.get("notes", {}) if values else {}
    for spec in SHEETS:
        if values is not None and spec.key not in values:
            continue  # a school dict without the sheet: the sheet is missing from the file
        if all(field.since > version for field in spec.fields):
            continue  # a sheet a later template added
        sheet = book.create_sheet(spec.title)
        content = values.get(spec.key) if values else None
        if spec.table:
            if content is None and spec.key == "satisfaction":
                content = [{"respondent": respondent, "item": item}
                           for respondent, item in SURVEY_SLOTS]
            _table_sheet(sheet, spec, content or [])
        else:
            preset: dict[str, Any] = {}
            if spec.key == "school" and content is None:  # the blank template says its version
                preset = {"template_version": version, **({"year": year} if year else {})}
            _form_sheet(sheet, spec, content or preset, notes.get(spec.key, {}), version)
    if instructions:
        book.active = 1
    return book


def _as_mapping(data: SchoolData | Mapping[str, Any] | None) -> Mapping[str, Any] | None:
    if data is None:
        return None
    if isinstance(data, SchoolData):
        dumped = data.model_dump()
        return {key: value for key, value in dumped.items() if value is not None}
    return data


def _title(sheet: Worksheet, text: str, width: int) -> None:
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    style_title(sheet.cell(1, 1, text))
    sheet.row_dimensions[1].height = 28
    _print_setup(sheet)


def _print_setup(sheet: Worksheet) -> None:
    """Printed on A4 landscape, one page wide, title and header repeated on every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:2"


def _form_sheet(sheet: Worksheet, spec: SheetSpec, values: Mapping[str, Any],
                notes: Mapping[str, str], version: int = CONTRACT_VERSION) -> None:
    _title(sheet, f"{spec.title}（{spec.help}）", len(FORM_HEADERS))
    for col, header in enumerate(FORM_HEADERS, start=1):
        style_header(sheet.cell(2, col, header))
    for offset, field in enumerate(f for f in spec.fields if f.since <= version):
        row = 3 + offset
        label = sheet.cell(row, 1, field.label)
        label.alignment = WRAP
        if field.help:
            label.comment = Comment(field.help, "vetstat")
        sheet.cell(row, 2, field.unit)
        value_cell = put(sheet.cell(row, 3), values.get(field.key))
        value_cell.fill = INPUT_FILL
        value_cell.number_format = NUMBER_FORMATS.get(field.kind, "General")
        note_cell = put(sheet.cell(row, 4), notes.get(field.key))
        note_cell.fill = INPUT_FILL
        note_cell.alignment = WRAP
        sheet.cell(row, 5, field.key)
        for col in range(1, 6):
            sheet.cell(row, col).border = BORDER
        _validate(sheet, field, f"C{row}")
    for letter, width in zip("ABCDE", (44, 9, 18, 30, 22), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.column_dimensions["E"].hidden = True
    sheet.freeze_panes = "C3"


def _table_sheet(sheet: Worksheet, spec: SheetSpec, rows: Sequence[Any]) -> None:
    """A list sheet: the fields' columns, then 备注, where a school explains a row's warnings
    (a filled 备注 makes them 已说明, as on the form sheets)."""
    fields = spec.fields
    note_col = len(fields) + 1
    _title(sheet, f"{spec.title}（{spec.help}）", note_col)
    for col, field in enumerate(fields, start=1):
        header = style_header_cell = sheet.cell(2, col, field.label)
        style_header(style_header_cell)
        if field.help:
            header.comment = Comment(field.help, "vetstat")
        sheet.column_dimensions[get_column_letter(col)].width = max(10, 2.2 * len(field.label) + 4)
    note_header = sheet.cell(2, note_col, NOTE_HEADER)
    style_header(note_header)
    note_header.comment = Comment("本行数据需要解释时（如样本过小）请在此说明；说明后该行的警告视为已说明。",
                                  "vetstat")
    sheet.column_dimensions[get_column_letter(note_col)].width = 30
    last = 2 + max(TABLE_INPUT_ROWS, len(rows) + 20)
    for offset, record in enumerate(rows):
        values = record.model_dump() if hasattr(record, "model_dump") else record
        for col, field in enumerate(fields, start=1):
            put(sheet.cell(3 + offset, col), values.get(field.key))
    for col, field in enumerate(fields, start=1):
        letter = get_column_letter(col)
        for row in range(3, last + 1):
            cell = sheet.cell(row, col)
            cell.fill = INPUT_FILL
            cell.border = BORDER
            cell.number_format = NUMBER_FORMATS.get(field.kind, "General")
        _validate(sheet, field, f"{letter}3:{letter}{last}")
    for row in range(3, last + 1):
        cell = sheet.cell(row, note_col)
        cell.fill = INPUT_FILL
        cell.border = BORDER
        cell.alignment = WRAP
    sheet.freeze_panes = "A3"


def _validate(sheet: Worksheet, field: FieldSpec, ref: str) -> None:
    """Excel data validation matching the field's kind: stop mistakes at entry."""
    unit = f"（{field.unit}）" if field.unit else ""
    if field.kind is Kind.COUNT:
        rule = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0")
        message = f"请填写不小于 0 的整数{unit}。"
    elif field.kind is Kind.AMOUNT:
        rule = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0")
        message = f"请填写不小于 0 的数{unit}。"
    elif field.kind is Kind.PERCENT:
        rule = DataValidation(type="decimal", operator="between", formula1="0", formula2="100")
        message = "请填写 0–100 之间的数（54.2% 填 54.2）。"
    elif field.kind is Kind.YEAR:
        rule = DataValidation(type="whole", operator="between", formula1="2000", formula2="2100")
        message = "请填写四位年份，如 2022。"
    elif field.kind is Kind.CHOICE:
        rule = DataValidation(type="list", formula1='"' + ",".join(field.choices) + '"')
        message = "请从下拉列表中选择：" + "、".join(field.choices) + "。"
    elif field.kind is Kind.DIGITS and field.digits:
        rule = DataValidation(type="textLength", operator="equal", formula1=str(field.digits))
        message = f"请填写 {field.digits} 位数字代码。"
    else:
        return
    rule.allow_blank = True
    rule.showErrorMessage = True
    rule.errorTitle = field.label[:32]
    rule.error = message
    rule.promptTitle = field.label[:32]
    rule.prompt = (field.help or message)[:255]
    rule.showInputMessage = True
    sheet.add_data_validation(rule)
    rule.add(ref)


def _instructions(sheet: Worksheet, year: int | None, version: int = CONTRACT_VERSION) -> None:
    """填表说明: every sheet, field, unit and definition, in Chinese."""
    sheet.column_dimensions["A"].width = 26
    sheet.column_dimensions["B"].width = 12
    sheet.column_dimensions["C"].width = 90
    title = "中等职业学校质量年度报告数据表 · 填表说明"
    if year:
        title += f"（{year} 年度）"
    _title(sheet, title, 3)
    lines: list[tuple[str, str, str]] = [
        ("总体要求", "", "每所学校每年填报一个文件。请勿删除、改名或调整工作表；浅黄色单元格为填写区。"),
        ("", "", "统计口径：学年为 9月1日至次年8月31日；时点数（在校生、教师、面积）按 9月1日，"
                 "流量数（招生、毕业、经费、培训）按整个学年。"),
        ("", "", "数字请填阿拉伯数字，不要写“约”“余”“超过”等字样；表格会自动检查填写范围。"),
        ("", "", "某项数据需要解释时（如低于国家标准），请在同一行的“备注”栏说明。"),
        ("", "", "隐藏的“字段”列供程序识别，请勿修改。"),
    ]
    for spec in SHEETS:
        if all(field.since > version for field in spec.fields):
            continue
        kind = "逐行列表" if spec.table else "逐项填写"
        required = "必填" if spec.required else "选填"
        lines.append((f"工作表：{spec.title}", f"{kind}·{required}", spec.help))
        for field in (f for f in spec.fields if f.since <= version):
            detail = field.help or ("必填。" if field.required else "选填。")
            if field.choices:
                detail += " 可选值：" + "、".join(field.choices) + "。"
            lines.append((f"  {field.label}", field.unit, detail))
    lines.append(("指标定义", "", ""))
    for name, definition in DEFINITIONS:
        lines.append((f"  {name}", "", definition))
    catalogue = views()
    for item, formula in (catalogue.formulas_since(CONTRACT_VERSION)
                          if version >= CONTRACT_VERSION else []):
        lines.append((f"  {item.zh}", item.unit, formula_text(formula)))
    style_header(sheet.cell(2, 1, "项目"))
    style_header(sheet.cell(2, 2, "单位/类型"))
    style_header(sheet.cell(2, 3, "说明"))
    for offset, (a, b, c) in enumerate(lines, start=3):
        sheet.cell(offset, 1, a).alignment = WRAP
        sheet.cell(offset, 2, b)
        sheet.cell(offset, 3, c).alignment = WRAP
        wrapped = -(-len(c) // 44)  # a 90-wide column holds about 44 Chinese characters
        if wrapped > 1:  # spreadsheet programs do not size wrapped rows written by a program
            sheet.row_dimensions[offset].height = 15 * wrapped
    sheet.freeze_panes = "A3"
