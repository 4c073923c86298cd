#!/usr/bin/env python3
"""Read and change an .xlsx workbook's cells, as a person would in a
spreadsheet, with nothing but Python's standard library: the end-to-end
checks use it to fill in the template the page downloads and to read the
projection it writes. It knows numbers, shared and inline strings and
booleans; it keeps every other part of the file as it was.

  python3 tools/xlsx.py cells BOOK.xlsx
      prints {"Sheet name": {"B7": value, ...}, ...} as JSON
  python3 tools/xlsx.py set BOOK.xlsx OUT.xlsx "Key figures!B4=1520" "Key figures!B2=text:Testshire"
      writes OUT.xlsx with those cells changed (a number, or text: for text)
"""
import json
import re
import sys
import zipfile
from xml.sax.saxutils import escape, unescape

NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def sheet_paths(z):
    """Sheet name -> the part that holds it, in the workbook's order."""
    book = z.read("xl/workbook.xml").decode()
    rels = z.read("xl/_rels/workbook.xml.rels").decode()
    targets = dict(re.findall(r'<Relationship[^>]*Id="([^"]+)"[^>]*Target="([^"]+)"', rels))
    targets.update({k: v for v, k in re.findall(r'<Relationship[^>]*Target="([^"]+)"[^>]*Id="([^"]+)"', rels)})
    out = {}
    for attrs in re.findall(r"<sheet\b([^>]*)/?>", book):
        name = unescape(re.search(r'name="([^"]*)"', attrs).group(1), {"&quot;": '"', "&apos;": "'"})
        rid = re.search(r'r:id="([^"]+)"', attrs).group(1)
        target = targets[rid].lstrip("/")
        out[name] = target if target.startswith("xl/") else "xl/" + target
    return out


def shared(z):
    try:
        text = z.read("xl/sharedStrings.xml").decode()
    except KeyError:
        return []
    return [unescape("".join(re.findall(r"<t[^>]*>([^<]*)</t>", si)), {"&quot;": '"', "&apos;": "'"})
            for si in re.findall(r"<si>(.*?)</si>", text, re.S)]


def cells(path):
    with zipfile.ZipFile(path) as z:
        strings = shared(z)
        out = {}
        for name, part in sheet_paths(z).items():
            xml = z.read(part).decode()
            sheet = {}
            for attrs, body in re.findall(r"<c\b([^>]*?)(?:/>|>(.*?)</c>)", xml, re.S):
                ref = re.search(r'r="([A-Z]+\d+)"', attrs).group(1)
                kind = (re.search(r't="([^"]+)"', attrs) or [None, "n"])[1]
                v = re.search(r"<v>([^<]*)</v>", body or "")
                if kind == "s" and v:
                    sheet[ref] = strings[int(v.group(1))]
                elif kind == "inlineStr":
                    sheet[ref] = unescape("".join(re.findall(r"<t[^>]*>([^<]*)</t>", body)))
                elif kind == "str" and v:
                    sheet[ref] = unescape(v.group(1))
                elif kind == "b" and v:
                    sheet[ref] = v.group(1) == "1"
                elif v:
                    sheet[ref] = float(v.group(1))
            out[name] = sheet
        return out


def set_cells(path, out, changes):
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
        sheets = sheet_paths(z)
    by_part = {}
    for change in changes:
        where, value = change.split("=", 1)
        sheet, ref = where.rsplit("!", 1)
        by_part.setdefault(sheets[sheet], []).append((ref, value))
    for part, edits in by_part.items():
        xml = parts[part].decode()
        for ref, value in edits:
            if value.startswith("text:"):
                body = f' t="inlineStr"><is><t>{escape(value[5:])}</t></is></c>'
            else:
                body = f"><v>{float(value)!r}</v></c>"
            pattern = re.compile(r'<c r="' + ref + r'"([^>]*?)(?:/>|>.*?</c>)', re.S)
            m = pattern.search(xml)
            assert m, f"{ref} is not a cell of {part}"
            style = (re.search(r'\ss="\d+"', m.group(1)) or [""])[0]
            xml = xml[:m.start()] + f'<c r="{ref}"{style}' + body + xml[m.end():]
        parts[part] = xml.encode()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


if __name__ == "__main__":
    if sys.argv[1] == "cells":
        print(json.dumps(cells(sys.argv[2])))
    elif sys.argv[1] == "set":
        set_cells(sys.argv[2], sys.argv[3], sys.argv[4:])
    else:
        sys.exit(__doc__)
