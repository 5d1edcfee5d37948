#!/usr/bin/env python3
"""Draws the README's quality/speed chart: text F1 against mean ms per page, deboil and its peers.

Usage:
    python3 benches/chart.py EVAL.json REFERENCE.md OUT.svg [--label TEXT]

EVAL.json is `deboil eval ../shared/corpus/*/ --json` output (its "macro" row: "f1" and
"timing_ms"."mean"); REFERENCE.md is ../shared/eval/REFERENCE.md, whose table (a) gives every
peer's macro F1 (the bold "macro F1" column) and table (b) its mean ms per page (the
"mean ms" column), measured the same way on the same five dev sets. The parse-only floor
(html5ever + rcdom, decode and parse, no extraction) is drawn as a line: nothing that parses
with html5ever can be left of it. Standard library only, deterministic output (same figures,
same bytes), so the SVG in the repo changes only when the figures do.
"""
import json
import math
import re
import sys
from xml.sax.saxutils import escape

W, H = 820, 520
LEFT, RIGHT, TOP, BOTTOM = 64, 24, 56, 112
FONT = "font-family='system-ui,-apple-system,Segoe UI,Roboto,sans-serif'"


def die(msg):
    print(f"chart.py: {msg}", file=sys.stderr)
    sys.exit(2)


def table_rows(md, heading):
    """The rows of the first Markdown table after the line starting with `heading`, as dicts."""
    lines = md.splitlines()
    try:
        start = next(i for i, l in enumerate(lines) if l.startswith(heading))
    except StopIteration:
        die(f"no section {heading!r} in the reference")
    rows, header = [], None
    for line in lines[start + 1:]:
        if not line.startswith("|"):
            if header:
                break
            continue
        cells = [c.strip().strip("*").strip() for c in line.strip().strip("|").split("|")]
        if header is None:
            header = cells
        elif set(line.replace("|", "").strip()) <= set("-: "):
            continue
        else:
            rows.append(dict(zip(header, cells)))
    return rows


def reference(path):
    md = open(path, encoding="utf-8").read()
    f1 = {r["tool"]: float(r["macro F1"]) for r in table_rows(md, "### (a)")}
    ms = {r["tool"]: float(r["mean ms"]) for r in table_rows(md, "### (b)")}
    tools = [t for t in f1 if t in ms]
    if not tools:
        die("no tool has both a macro F1 (table a) and a mean ms (table b)")
    m = re.search(r"html5ever\+rcdom \(decode\+parse\):.*?mean_ms=([0-9.]+)", md)
    floor = float(m.group(1)) if m else None
    date = re.search(r"\*\*Date:\*\*\s*([0-9-]+)", md)
    machine = re.search(r"\*\*Machine:\*\*\s*(.+?)\.(?:\s|$)", md)
    return (
        [(t, f1[t], ms[t]) for t in tools],
        floor,
        date.group(1) if date else "?",
        machine.group(1).strip() if machine else "?",
    )


def deboil_figures(path):
    rep = json.load(open(path, encoding="utf-8"))
    mac = rep.get("macro") or (rep.get("sets") or [None])[0]
    if not mac:
        die(f"{path}: no macro row (run deboil eval on several sets)")
    f1, mean = mac.get("f1"), (mac.get("timing_ms") or {}).get("mean")
    if f1 is None or mean is None:
        die(f"{path}: the macro row has no f1 or timing_ms.mean")
    return f1, mean


def main(argv):
    args = [a for a in argv if not a.startswith("--label")]
    label = None
    for i, a in enumerate(argv):
        if a.startswith("--label="):
            label = a.split("=", 1)[1]
        elif a == "--label" and i + 1 < len(argv):
            label = argv[i + 1]
            args.remove(label)
    if len(args) != 3:
        die(__doc__.strip().splitlines()[2].strip())
    eval_path, ref_path, out_path = args
    peers, floor, ref_date, machine = reference(ref_path)
    d_f1, d_ms = deboil_figures(eval_path)
    label = label or "a deboil eval --json run"

    points = [(t, f, m, False) for t, f, m in peers] + [("deboil", d_f1, d_ms, True)]
    xs = [m for _, _, m, _ in points] + ([floor] if floor else [])
    ys = [f for _, f, _, _ in points]
    x_lo = 10 ** math.floor(math.log10(min(xs)))
    x_hi = 10 ** math.ceil(math.log10(max(xs)))
    y_lo = math.floor(min(ys) * 20) / 20
    y_hi = math.ceil(max(ys) * 20) / 20 + 0.01
    pw, ph = W - LEFT - RIGHT, H - TOP - BOTTOM

    def px(ms):
        return LEFT + (math.log10(ms) - math.log10(x_lo)) / (math.log10(x_hi) - math.log10(x_lo)) * pw

    def py(f):
        return TOP + (y_hi - f) / (y_hi - y_lo) * ph

    out = [
        f"<svg xmlns='http://www.w3.org/2000/svg' width='{W}' height='{H}' viewBox='0 0 {W} {H}' {FONT} font-size='12'>",
        f"<rect width='{W}' height='{H}' fill='#fff'/>",
        f"<text x='{LEFT}' y='24' font-size='16' font-weight='600'>Text F1 against time per page: deboil and peers</text>",
        f"<text x='{LEFT}' y='42' fill='#555'>macro F1 over the 5 dev sets (751 pages, ScrapingHub shingle metric) · mean ms per page, single-threaded · log scale</text>",
    ]
    # Grid and axes.
    decade = x_lo
    while decade <= x_hi * 1.0001:
        for k in range(1, 10):
            v = decade * k
            if v > x_hi * 1.0001:
                break
            x = px(v)
            major = k == 1
            out.append(
                f"<line x1='{x:.1f}' y1='{TOP}' x2='{x:.1f}' y2='{TOP + ph}' stroke='{'#ccc' if major else '#eee'}'/>"
            )
            if major or k in (2, 5):
                txt = f"{v:g}"
                out.append(f"<text x='{x:.1f}' y='{TOP + ph + 16}' text-anchor='middle' fill='#444'>{txt}</text>")
        decade *= 10
    y = y_lo
    while y <= y_hi + 1e-9:
        yy = py(y)
        out.append(f"<line x1='{LEFT}' y1='{yy:.1f}' x2='{LEFT + pw}' y2='{yy:.1f}' stroke='#e5e5e5'/>")
        out.append(f"<text x='{LEFT - 6}' y='{yy + 4:.1f}' text-anchor='end' fill='#444'>{y:.2f}</text>")
        y = round(y + 0.05, 10)
    out.append(f"<rect x='{LEFT}' y='{TOP}' width='{pw}' height='{ph}' fill='none' stroke='#999'/>")
    out.append(
        f"<text x='{LEFT + pw / 2}' y='{TOP + ph + 36}' text-anchor='middle'>mean ms per page (log scale; left is faster)</text>"
    )
    out.append(
        f"<text transform='translate(16 {TOP + ph / 2}) rotate(-90)' text-anchor='middle'>text F1, macro (up is better)</text>"
    )
    if floor:
        x = px(floor)
        out.append(
            f"<line x1='{x:.1f}' y1='{TOP}' x2='{x:.1f}' y2='{TOP + ph}' stroke='#888' stroke-dasharray='4 3'/>"
        )
        out.append(
            f"<text x='{x + 4:.1f}' y='{TOP + ph - 6}' fill='#666' font-size='11'>html5ever parse only ({floor:.1f} ms)</text>"
        )

    # Labels: greedy placement, each label at the first candidate spot that overlaps no
    # marker and no label already placed; a leader line when it had to move away.
    boxes = [(px(m) - 5, py(f) - 5, px(m) + 5, py(f) + 5) for _, f, m, _ in points]

    def free(b):
        if b[0] < LEFT + 2 or b[2] > LEFT + pw - 2 or b[1] < TOP + 2 or b[3] > TOP + ph - 2:
            return False
        return all(b[2] <= o[0] or b[0] >= o[2] or b[3] <= o[1] or b[1] >= o[3] for o in boxes)

    labels = []
    # deboil first, so it gets the nearest spot.
    for name, f, m, ours in sorted(points, key=lambda p: (not p[3], p[2])):
        x, y = px(m), py(f)
        text = f"{name} {f:.3f}" if ours else name
        size = 13 if ours else 11
        w, h = len(text) * size * 0.58, size + 2
        placed = None
        for dist in (8, 16, 26, 38, 52, 70):
            for dx, dy in ((1, 0), (-1, 0), (0, -1), (0, 1), (1, -1), (-1, -1), (1, 1), (-1, 1)):
                lx = x + dx * dist + (0 if dx >= 0 else -w) - (w / 2 if dx == 0 else 0)
                ly = y + dy * dist - h / 2 + (-h / 2 if dy < 0 else h / 2 if dy > 0 else 0)
                b = (lx, ly, lx + w, ly + h)
                if free(b):
                    placed = (b, dist)
                    break
            if placed:
                break
        if not placed:
            b = (x + 8, y - h / 2, x + 8 + w, y + h / 2)
            placed = (b, 8)
        boxes.append(placed[0])
        labels.append((name, x, y, placed, text, size, ours))

    for name, f, m, ours in points:
        x, y = px(m), py(f)
        if ours:
            out.append(
                f"<path d='M{x:.1f} {y - 8:.1f} L{x + 8:.1f} {y:.1f} L{x:.1f} {y + 8:.1f} L{x - 8:.1f} {y:.1f} Z' fill='#d62728' stroke='#7a0000'/>"
            )
        else:
            fill = "#bbb" if name == "alltext" else "#1f77b4"
            out.append(f"<circle cx='{x:.1f}' cy='{y:.1f}' r='4' fill='{fill}' stroke='#fff'/>")
    for name, x, y, (b, dist), text, size, ours in labels:
        cx, cy = (b[0] + b[2]) / 2, (b[1] + b[3]) / 2
        if dist > 16:
            ex = min(max(x, b[0]), b[2])
            ey = min(max(y, b[1]), b[3])
            out.append(
                f"<line x1='{x:.1f}' y1='{y:.1f}' x2='{ex:.1f}' y2='{ey:.1f}' stroke='#aaa' stroke-width='0.8'/>"
            )
        weight = " font-weight='700' fill='#b01010'" if ours else " fill='#222'"
        out.append(
            f"<text x='{b[0]:.1f}' y='{cy + size * 0.35:.1f}' font-size='{size}'{weight}>{escape(text)}</text>"
        )

    cap1 = (
        f"Peers: shared/eval/REFERENCE.md tables (a) and (b), {ref_date}; alltext (grey) is a floor, not an extractor."
    )
    cap2 = f"deboil: macro F1 {d_f1:.3f}, {d_ms:.2f} ms/page, from {label}."
    cap3 = f"Machine (peers and deboil alike): {machine}; timings carry roughly ±10–20 % noise."
    for i, cap in enumerate((cap1, cap2, cap3)):
        out.append(f"<text x='{LEFT}' y='{H - 44 + 16 * i}' fill='#555' font-size='11'>{escape(cap)}</text>")
    out.append("</svg>")
    with open(out_path, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
    print(f"chart.py: wrote {out_path} (deboil F1 {d_f1:.3f}, {d_ms:.2f} ms/page; {len(peers)} peers)")


if __name__ == "__main__":
    main(sys.argv[1:])
