"""JSON Schema of every sheet model, as committed under ``schemas/``."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from vetstat.core.contract import CONTRACT_VERSION, SHEETS, SheetSpec, fields_of


def sheet_schema(sheet: SheetSpec) -> dict[str, Any]:
    """The JSON Schema of one sheet: a form object, or an array of row objects.

    Required fields are listed under ``required`` and lose their ``null`` alternative: the
    schema describes a complete, valid sheet, while the models also hold partial ones.
    """
    schema = copy.deepcopy(sheet.model.model_json_schema())
    required = [f.key for f in fields_of(sheet.model) if f.required]
    properties = schema["properties"]
    for key in required:
        prop = properties[key]
        alternatives = [a for a in prop.pop("anyOf", []) if a.get("type") != "null"]
        if len(alternatives) == 1:
            prop.update(alternatives[0])
        elif alternatives:
            prop["anyOf"] = alternatives
        prop.pop("default", None)
    schema["required"] = required
    schema["title"] = f"{sheet.title} ({sheet.title_en})"
    schema["description"] = sheet.help
    if sheet.table:
        row_schema = schema
        schema = {
            "title": row_schema.pop("title"),
            "description": row_schema.pop("description"),
            "type": "array",
            "items": row_schema,
        }
        if sheet.required:
            schema["minItems"] = 1
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"vetstat/contract-v{CONTRACT_VERSION}/{sheet.key}.schema.json"
    return schema


def schema_files() -> dict[str, dict[str, Any]]:
    """File name -> schema, one per sheet."""
    return {f"{sheet.key}.schema.json": sheet_schema(sheet) for sheet in SHEETS}


def schema_texts() -> dict[str, str]:
    """File name -> the schema's JSON text, one per sheet."""
    from vetstat.core.jsondoc import to_json

    return {name: to_json(schema) for name, schema in schema_files().items()}


def write_schemas(folder: Path, texts: dict[str, str] | None = None) -> list[Path]:
    """Write every schema into ``folder``: the whole set, or none of it."""
    from vetstat.core.files import write_files_atomically

    return write_files_atomically(folder, texts if texts is not None else schema_texts())
