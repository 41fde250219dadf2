"""python-docx building blocks of the draft review report: page set-up, paragraphs and cells in
the document's fonts, column widths, the page number field and the keep-together settings.

python-docx has no API for fields, no-wrap cells or rows that cannot split, so those few are
written as the WordprocessingML elements Word and LibreOffice both read.
"""

from __future__ import annotations

from handlers.summaries.exports.clean import clean_text

FONT = "Times New Roman"
BODY_PT = 14
TABLE_PT = 13
PAGE_NUMBER_PT = 13


def style(document) -> None:
    """A4 portrait, Times New Roman 14 pt, margins 2 cm top/bottom, 3 cm left, 1.5 cm right."""
    from docx.enum.section import WD_ORIENT
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)  # Vietnamese letters fall in several font ranges
    normal.paragraph_format.space_after = Pt(6)


def para(
    where,
    text: str = "",
    *,
    bold=False,
    italic=False,
    size=None,
    align=None,
    indent=False,
    underline=False,
):
    """A paragraph with one run, in a document or a table cell."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    paragraph = where.add_paragraph()
    run = paragraph.add_run(clean_text(text))  # python-docx refuses what XML 1.0 cannot hold
    run.bold, run.italic, run.underline = bold, italic, underline
    if size:
        run.font.size = Pt(size)
    if align:
        paragraph.alignment = getattr(WD_ALIGN_PARAGRAPH, align)
    if indent:
        paragraph.paragraph_format.first_line_indent = Cm(1)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    return paragraph


def cell_text(
    cell, text: str, *, bold=False, italic=False, size=TABLE_PT, align=None, underline=False
) -> None:
    """Replace a cell's first paragraph text; further lines go in new paragraphs."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    first, *rest = clean_text(text).split("\n")
    paragraph = cell.paragraphs[0]
    for line_no, line in enumerate([first, *rest]):
        if line_no:
            paragraph = cell.add_paragraph()
        run = paragraph.add_run(line)
        run.bold, run.italic, run.underline = bold, italic, underline
        run.font.size = Pt(size)
        paragraph.paragraph_format.space_after = Pt(0)
        if align:
            paragraph.alignment = getattr(WD_ALIGN_PARAGRAPH, align)


def widths(table, centimetres: tuple[float, ...]) -> None:
    """Fixed column widths, written where Word and LibreOffice each read them."""
    from docx.shared import Cm

    table.autofit = False
    for column, width in zip(table.columns, centimetres, strict=True):
        column.width = Cm(width)  # the grid, which LibreOffice reads
    for row in table.rows:
        for cell, width in zip(row.cells, centimetres, strict=True):
            cell.width = Cm(width)  # Word reads cell widths, not column widths


def no_wrap(cell) -> None:
    """The cell's text stays on one line (w:noWrap, right after the width in w:tcPr)."""
    from docx.oxml import OxmlElement

    properties = cell._tc.get_or_add_tcPr()
    if properties.find(_w("noWrap")) is None:
        width = properties.find(_w("tcW"))
        element = OxmlElement("w:noWrap")
        if width is None:
            properties.insert(0, element)
        else:
            width.addnext(element)


def _row_flag(row, name: str) -> None:
    """Set an on/off property of a table row (w:cantSplit, w:tblHeader) once."""
    from docx.oxml import OxmlElement

    properties = row._tr.get_or_add_trPr()
    if properties.find(_w(name)) is None:
        properties.append(OxmlElement(f"w:{name}"))


def grid_rows(table) -> None:
    """No row splits across pages, and the header row is repeated on each page and never
    left alone at the foot of one."""
    for row in table.rows:
        _row_flag(row, "cantSplit")
    header = table.rows[0]
    _row_flag(header, "tblHeader")
    for cell in header.cells:
        for paragraph in cell.paragraphs:
            paragraph.paragraph_format.keep_with_next = True


def keep_together(table) -> None:
    """No row of the table splits across pages, and each keeps with the next (Word keeps
    a table's rows on one page through its paragraphs' keep-with-next)."""
    for row in table.rows:
        _row_flag(row, "cantSplit")
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True
                paragraph.paragraph_format.keep_together = True


def page_numbers(document) -> None:
    """A PAGE field centred in every page's footer (Arabic numerals, Hướng dẫn 36-HD/VPTW)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.shared import Pt

    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for kind, text in (("begin", None), ("instr", " PAGE "), ("separate", None), ("t", "1")):
        run = paragraph.add_run()
        run.font.size = Pt(PAGE_NUMBER_PT)
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            element.text = text
        elif kind == "t":
            element = OxmlElement("w:t")
            element.text = text  # shown until the viewer computes the field
        else:
            element = OxmlElement("w:fldChar")
            element.set(_w("fldCharType"), kind)
        run._r.append(element)
    end = paragraph.add_run()
    mark = OxmlElement("w:fldChar")
    mark.set(_w("fldCharType"), "end")
    end._r.append(mark)


def _w(name: str) -> str:
    from docx.oxml.ns import qn

    return qn(f"w:{name}")
