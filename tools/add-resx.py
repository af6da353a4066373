#!/usr/bin/env python3
"""Appends localization keys to SharedResource.resx (Korean) and SharedResource.en.resx (English).
Usage: add-resx.py FILE.tsv   (lines: key<TAB>Korean<TAB>English); existing keys are replaced."""
import sys, re, html
from pathlib import Path

res = Path(__file__).resolve().parent.parent / "PlanWorkspace.App" / "Resources"
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
for path, col in ((res / "SharedResource.resx", 1), (res / "SharedResource.en.resx", 2)):
    text = path.read_text(encoding="utf-8")
    for row in rows:
        key, value = row[0], html.escape(row[col], quote=False)
        entry = f'  <data name="{key}" xml:space="preserve"><value>{value}</value></data>\n'
        pattern = re.compile(r'  <data name="' + re.escape(key) + r'" xml:space="preserve"><value>.*?</value></data>\n', re.S)
        text = pattern.sub(lambda m: entry, text) if pattern.search(text) else text.replace("</root>", entry + "</root>")
    path.write_text(text, encoding="utf-8")
