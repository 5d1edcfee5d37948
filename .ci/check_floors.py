#!/usr/bin/env python3
"""CI gate: compare `deboil eval --json` output with the floors in floors.toml.

Usage: check_floors.py FLOORS.toml EVAL.json. Exits 1 when any figure is below its floor, or
when a set named in the floors is missing from the evaluation (a silently skipped set must
not pass the gate).
"""
import json
import sys
import tomllib

floors = tomllib.load(open(sys.argv[1], "rb"))
report = json.load(open(sys.argv[2]))
sets = {s["set"]: s for s in report["sets"]}
failures = []


def check(name, got, floor):
    status = "ok " if got is not None and got >= floor else "LOW"
    print(f"{status} {name}: {got if got is None else round(got, 4)} (floor {floor})")
    if status == "LOW":
        failures.append(name)


for set_name, floor in floors.get("f1", {}).items():
    check(f"{set_name} F1", sets.get(set_name, {}).get("f1"), floor)
for set_name, floor in floors.get("snippet_f1", {}).items():
    check(f"{set_name} snippet F1", sets.get(set_name, {}).get("snippets", {}).get("f1"), floor)
for set_name, fields in floors.get("metadata", {}).items():
    meta = sets.get(set_name, {}).get("metadata", {})
    for field, floor in fields.items():
        # `title_fuzzy` pins the fuzzy title accuracy (the `title~` column).
        if field.endswith("_fuzzy"):
            got = meta.get(field.removesuffix("_fuzzy"), {}).get("fuzzy_accuracy")
        else:
            got = meta.get(field, {}).get("accuracy")
        check(f"{set_name} {field}", got, floor)
errors = sum(s.get("errors", 0) for s in report["sets"])
if errors:
    print(f"LOW {errors} pages failed to extract")
    failures.append("errors")
if failures:
    print(f"quality gate FAILED: {', '.join(failures)}")
    sys.exit(1)
print("quality gate passed")
