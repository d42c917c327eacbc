"""The documentation says what the code does: the contract doc is rendered from schemas/, and every
setting and command is documented in the README."""

from __future__ import annotations

import importlib.util

from conftest import ROOT


def test_contract_doc_is_up_to_date():
    spec = importlib.util.spec_from_file_location(
        "make_contract_doc", ROOT / "docs" / "make_contract_doc.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    committed = (ROOT / "docs" / "data-contract.md").read_text(encoding="utf-8")
    assert committed == module.render(), "run: python docs/make_contract_doc.py"


def test_every_setting_and_command_is_in_the_readme():
    from pipelines.cli import build_parser

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for variable in ("ARBETSMAL_DB", "ARBETSMAL_REFERENCE", "ARBETSMAL_TODAY"):
        assert variable in readme
    subcommands = build_parser()._subparsers._group_actions[0].choices
    for name in subcommands:
        assert f"-m pipelines {name}" in readme, name


def test_architecture_doc_is_up_to_date():
    spec = importlib.util.spec_from_file_location(
        "make_architecture_doc", ROOT / "docs" / "make_architecture_doc.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    committed = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    assert committed == module.render(), "run: python docs/make_architecture_doc.py"
    for steps in module.TRACES.values():
        files = [file for file, _ in steps]
        assert len(files) == len(set(files)), "a trace names each file once"
        for file in files:
            assert (ROOT / file).is_file(), file
        # Every file that decides the figure, reference data included (not a selection).
        assert any(f.startswith("data/reference/") for f in files)
        assert files[-1].startswith("pages/")


def test_every_module_says_its_job():
    for folder in ("pipelines", "schemas", "pages", "benchmarks"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            text = path.read_text(encoding="utf-8")
            if path.name == "__init__.py" and not text.strip():
                continue
            assert text.lstrip().startswith(('"""', "#")), f"{path.relative_to(ROOT)}: no docstring"


def test_every_table_and_view_is_in_models():
    import re

    models = (ROOT / "pipelines" / "warehouse" / "MODELS.md").read_text(encoding="utf-8")
    sql = "\n".join(p.read_text() for p in (ROOT / "pipelines" / "warehouse" / "sql").glob("*.sql"))
    names = re.findall(r"CREATE (?:OR REPLACE )?(?:TABLE|VIEW)(?: IF NOT EXISTS)? (\w+)", sql, re.I)
    assert names
    for name in names:
        assert f"`{name}`" in models, f"{name} is not described in MODELS.md"
