"""The contract as code: one declaration per field, and everything derived from it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import openpyxl
import pytest
from pydantic import ValidationError

from vetstat.core.contract import SHEETS, Kind, MajorRow, SurveyRow, Teachers, fields_of
from vetstat.core.majors import categories, majors
from vetstat.outputs.schema import schema_files
from vetstat.outputs.template import write_template

ROOT = Path(__file__).parent.parent


def test_every_field_is_declared_with_label_kind_and_unit() -> None:
    for sheet in SHEETS:
        for spec in fields_of(sheet.model):
            assert spec.label, f"{sheet.key}.{spec.key} has no label"
            if spec.kind in (Kind.COUNT, Kind.AMOUNT, Kind.PERCENT):
                assert spec.unit, f"{sheet.key}.{spec.key} has no unit"
            if spec.kind is Kind.CHOICE:
                assert spec.choices, f"{sheet.key}.{spec.key} has no choices"


def test_labels_are_unique_within_a_sheet() -> None:
    for sheet in SHEETS:
        labels = [spec.label for spec in sheet.fields]
        assert len(labels) == len(set(labels)), sheet.key


def test_bounds_come_from_the_model() -> None:
    with pytest.raises(ValidationError):
        Teachers(staff_total=-1)
    with pytest.raises(ValidationError):
        Teachers(staff_total=12.5)
    with pytest.raises(ValidationError):
        Teachers(dual_ratio_reported=100.5)
    with pytest.raises(ValidationError):
        SurveyRow(respondent="校长")
    with pytest.raises(ValidationError):
        MajorRow(model_major="国家级")
    assert Teachers(staff_total=12.0, dual_ratio_reported=100).staff_total == 12
    assert MajorRow(model_major="省级").model_major == "省级"


def test_committed_schemas_equal_the_generated_ones() -> None:
    generated = schema_files()
    committed = {p.name for p in (ROOT / "schemas").glob("*.json")}
    assert committed == set(generated), "run: vetstat schema -o schemas"
    for name, schema in generated.items():
        on_disk = json.loads((ROOT / "schemas" / name).read_text("utf-8"))
        assert on_disk == schema, f"schemas/{name} is out of date: run `vetstat schema -o schemas`"


def test_schemas_are_valid_json_schema_and_accept_a_complete_sheet() -> None:
    files = schema_files()
    for schema in files.values():
        jsonschema.Draft202012Validator.check_schema(schema)
    teachers = {"staff_total": 60, "full_time": 50, "foundation": 20, "specialty": 30,
                "dual_qualified": 18, "senior_title": 20, "postgraduate": 5, "part_time": 8}
    jsonschema.validate(teachers, files["teachers.schema.json"])
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**teachers, "full_time": None}, files["teachers.schema.json"])


def test_majors_catalogue_ships_inside_the_package() -> None:
    catalogue = majors()
    assert len(catalogue) == 358
    assert catalogue["610301"].name == "畜禽生产技术"
    assert set(categories()) == {str(code) for code in range(61, 80)}


def test_library_does_not_import_the_cli_stack() -> None:
    code = (
        "import sys, vetstat.usecases.aggregate, vetstat.usecases.validate, vetstat.outputs.template, vetstat.outputs.render;"
        "print(sorted(m for m in ('typer', 'rich', 'click') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_template_has_every_sheet_with_validation_and_hidden_keys(tmp_path: Path) -> None:
    path = tmp_path / "template.xlsx"
    write_template(path, 2022)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["填表说明", *[sheet.title for sheet in SHEETS]]
    for sheet in SHEETS:
        ws = book[sheet.title]
        assert ws.freeze_panes in ("A3", "C3")
        assert ws.data_validations.dataValidation, f"{sheet.title} has no data validation"
        if sheet.table:
            headers = [ws.cell(2, col).value for col in range(1, len(sheet.fields) + 1)]
            assert headers == [spec.label for spec in sheet.fields]
        else:
            assert ws.column_dimensions["E"].hidden
            keys = [ws.cell(row, 5).value for row in range(3, 3 + len(sheet.fields))]
            assert keys == [spec.key for spec in sheet.fields]
    school = book["学校信息"]
    assert school["C8"].value == 2022  # 统计年度 pre-filled
    lists = [dv for dv in book["满意度调查"].data_validations.dataValidation if dv.type == "list"]
    assert any("在校生" in (dv.formula1 or "") for dv in lists)
    counts = [dv for dv in book["教师队伍"].data_validations.dataValidation if dv.type == "whole"]
    assert counts and all(dv.formula1 == "0" for dv in counts)


def test_every_count_and_amount_has_a_plausible_upper_bound() -> None:
    """F017: declared once with the field, in the JSON Schema, and listed in the contract's docs."""
    documented = (ROOT / "docs" / "data-contract.md").read_text("utf-8")
    for sheet in SHEETS:
        schema = sheet.model.model_json_schema()["properties"]
        for spec in fields_of(sheet.model):
            if spec.kind not in (Kind.COUNT, Kind.AMOUNT):
                continue
            assert spec.maximum is not None, f"{sheet.key}.{spec.key} declares no maximum="
            assert {"maximum": spec.maximum}.items() <= schema[spec.key]["anyOf"][0].items()
            row = f"| {sheet.title} | {spec.key} | {spec.label} | {spec.maximum:,} {spec.unit} |"
            assert row in documented, f"docs/data-contract.md §1.9 lacks: {row}"
    with pytest.raises(ValidationError):
        Teachers(staff_total=10_001)
    assert Teachers(staff_total=10_000).staff_total == 10_000


def test_every_format_character_is_dropped_from_text() -> None:
    """core.text lists Unicode's category Cf by hand (building it at import would scan a
    million code points in every process): it must hold all of them, and nothing else."""
    import unicodedata

    from vetstat.core.text import FORMAT_CHARACTERS, without_format_characters

    for point in range(sys.maxunicode + 1):
        char = chr(point)
        assert bool(FORMAT_CHARACTERS.match(char)) == (unicodedata.category(char) == "Cf"), hex(point)
    assert without_format_characters("\ufeff白城\u200b市\u2060") == "白城市"
