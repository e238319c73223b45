#!/usr/bin/env python3
"""Builds notebooks/NN-name.ipynb (nbformat 4.5, no outputs) from notebooks/source/NN-name.cells.

A .cells file is the notebook as plain text, easy to review in a diff: cells are separated by lines
`#%% markdown` or `#%% code [tag ...]`. Cell ids are derived from the notebook and cell index, so rebuilding
gives the same ids. Outputs come from running the built notebook (see notebooks/README.md).
Usage: python3 notebooks/source/build.py [NAME ...]   (default: every .cells file)
"""
import json
import pathlib
import sys

SOURCE = pathlib.Path(__file__).resolve().parent
NOTEBOOKS = SOURCE.parent

KERNELSPEC = {"name": "llm-csharp", "display_name": "C# (LLM Interactive)", "language": "csharp"}
LANGUAGE_INFO = {"name": "csharp", "file_extension": ".cs", "mimetype": "text/x-csharp", "version": "14.0"}


def parse(path):
    cells, kind, tags, lines = [], None, [], []

    def flush():
        if kind is None:
            return
        text = "\n".join(lines).strip("\n")
        if text:
            cells.append((kind, tags, text))

    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#%%"):
            flush()
            words = line[3:].split()
            if not words or words[0] not in ("markdown", "code"):
                raise SystemExit(f"{path.name}: a separator must be '#%% markdown' or '#%% code [tags]', got {line!r}")
            kind, tags, lines = words[0], words[1:], []
        else:
            if kind is None and line.strip():
                raise SystemExit(f"{path.name}: text before the first '#%%' separator: {line!r}")
            lines.append(line)
    flush()
    return cells


def build(path):
    stem = path.stem
    prefix = stem.split("-")[0]
    cells = []
    for index, (kind, tags, text) in enumerate(parse(path)):
        source = [l + "\n" for l in text.split("\n")]
        source[-1] = source[-1].rstrip("\n")
        cell = {"cell_type": kind, "id": f"nb{prefix}-{index:02d}", "metadata": {}, "source": source}
        if tags:
            cell["metadata"]["tags"] = tags
        if kind == "code":
            cell["execution_count"] = None
            cell["outputs"] = []
        cells.append(cell)
    notebook = {
        "cells": cells,
        "metadata": {"kernelspec": KERNELSPEC, "language_info": LANGUAGE_INFO},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    target = NOTEBOOKS / f"{stem}.ipynb"
    target.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {target.relative_to(NOTEBOOKS.parent)} ({len(cells)} cells)")


def main(names):
    paths = [SOURCE / f"{n}.cells" for n in names] if names else sorted(SOURCE.glob("*.cells"))
    for p in paths:
        if not p.exists():
            raise SystemExit(f"no such notebook source: {p}")
        build(p)


if __name__ == "__main__":
    main(sys.argv[1:])
