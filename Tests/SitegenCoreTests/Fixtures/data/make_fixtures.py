#!/usr/bin/env python3
"""Writes the data-table fixtures (CSV in each encoding and layout, XLSX
with number, percent, text-number and date cells, broken workbooks).
Run with openpyxl installed:  python3 make_fixtures.py  (in this folder).
The results are committed; rerun only to change them."""
import datetime, io, os, zipfile
from openpyxl import Workbook

def write(name, data):
    with open(name, "wb") as f:
        f.write(data)

# CSV, wide layout (月报), UTF-8 with BOM, CRLF, a title row above the header.
write("wide-bom-crlf.csv", "\ufeff孝感市生态环境质量月报\r\n指标编号,指标名称,单位,2022年1月,2022-02,2022年第一季度,2022年二季度,2022年\r\n"
      "t-water,断面水质,%,63.6,\"66.70\",—,/,无\r\nt-air,空气,%,-,,80,81.5,\r\n".encode("utf-8"))
# CSV, long layout, GB18030, LF, quoted fields with comma, quote and line break.
write("long-gb18030.csv", ("指标编号,时期,数值,说明,来源\nt-water,2022-Q3,70,\"含引号\"\"与,逗号\",监测站\n"
      "t-air,2022-09,82,\"两行\n说明\",\n").encode("gb18030"))
# CSV, English long layout, UTF-8 without BOM.
write("long-english.csv", b"indicator,period,value\nt-air,2022-10,83\n")

wb = Workbook()
ws = wb.active
ws.title = "水环境"
ws.append(["孝感市月报（2022年）"])
ws.append([])
ws.append(["指标编号", "指标名称", "单位", datetime.date(2022, 3, 1), datetime.date(2022, 4, 1), "2022年5月", 2022])
ws["D3"].number_format = "yyyy-mm"
ws["E3"].number_format = 'yyyy"年"m"月"'
ws.append(["t-water", "断面水质", "%", 69.7, 0.697, "69.70", 0.25])
ws["E4"].number_format = "0.0%"
ws.append(["t-air", "空气", "%", 1e-05, 1234567, None, "-"])
notes = wb.create_sheet("说明")
notes.append(["本工作簿由统计科填报"])
wb.save("workbook.xlsx")

def rewrite(name, part, old, new):
    """Replaces text in one part of a zip (what Excel writes that openpyxl does not)."""
    with zipfile.ZipFile(name) as z:
        parts = [(i, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(name, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in parts:
            z.writestr(info, data.replace(old, new) if info.filename == part else data)

# Excel writes 69.7 as 17 significant digits.
rewrite("workbook.xlsx", "xl/worksheets/sheet1.xml", b"<v>0.25</v>", b"<v>69.700000000000003</v>")

wb = Workbook()
ws = wb.active
ws.title = "水环境"
ws.append(["指标编号", "2022-01", "2022-02", "2022-03", "2022-04"])
ws.append(["t-water", 69.7, "六十", None, 70])
ws.append(["t-nope", 1])
ws.append(["t-milestone", None, 10])
wb.save("errors.xlsx")

write("not-a-workbook.xlsx", b"this is text, not a workbook\n")

# A zip bomb: one part that unpacks to 100 MiB of zeros (sitegen stops at 64 MiB).
buf = io.BytesIO()
with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    z.writestr("[Content_Types].xml", "<Types/>")
    z.writestr("xl/workbook.xml", '<workbook><sheets><sheet name="s" r:id="rId1" xmlns:r="r"/></sheets></workbook>')
    z.writestr("xl/_rels/workbook.xml.rels", '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>')
    z.writestr("xl/worksheets/sheet1.xml", b"<" + b" " * (100 * 1024 * 1024) + b"/>")
write("bomb.xlsx", buf.getvalue())

# A sheet whose rows go on to row 1,000,000 (only four rows are stored).
buf = io.BytesIO()
with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("xl/workbook.xml", '<workbook><sheets><sheet name="长表" r:id="rId1" xmlns:r="r"/></sheets></workbook>')
    z.writestr("xl/_rels/workbook.xml.rels", '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>')
    rows = '<row r="1"><c r="A1" t="inlineStr"><is><t>指标编号</t></is></c><c r="B1" t="inlineStr"><is><t>2022-01</t></is></c></row>'
    rows += '<row r="1000000"><c r="A1000000" t="inlineStr"><is><t>t-water</t></is></c></row>'
    z.writestr("xl/worksheets/sheet1.xml", "<worksheet><sheetData>" + rows + "</sheetData></worksheet>")
write("million-rows.xlsx", buf.getvalue())

# Corrections in a long table (Chinese headers), one workbook per rule in
# corrections/, for the basic fixture site (t-water; as_of 2022-09-30).
# Dates are date cells; the sheet is named after the rule.
def day(y, m, d, cell):
    cell.value = datetime.date(y, m, d)
    cell.number_format = "yyyy-mm-dd"

os.makedirs("corrections", exist_ok=True)
header = ["指标编号", "时期", "数值", "更正日期", "原值", "更正原因"]
for file, sheet, period, value, date, previous, reason in [
    ("before-period-end.xlsx", "早于时期结束", "2022-08", 68, (2022, 8, 31), 66, None),
    ("after-as-of.xlsx", "晚于统计截止", "2022-09", 69, (2022, 10, 1), 68, None),
    ("previous-equals-value.xlsx", "原值相同", "2022-05", 65, (2022, 6, 10), 65.0, None),
    ("previous-without-date.xlsx", "缺更正日期", "2022-04", 64, None, 63, None),
    ("date-without-previous.xlsx", "缺原值", "2022-02", 62, (2022, 3, 5), None, None),
    ("reason-only.xlsx", "仅有原因", "2022-01", 61, None, None, "复核"),
    ("not-a-date.xlsx", "日期不对", "2021-12", 60, "下个月", 59, None),
    ("previous-not-a-number.xlsx", "原值不是数", "2021-11", 60, (2021, 12, 3), "五十九", None),
    ("no-value.xlsx", "缺数值", "2021-10", None, (2021, 11, 3), 59, None),
]:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(header)
    ws.append(["t-water", period, value, None, previous, reason])
    if isinstance(date, tuple):
        day(*date, ws["D2"])
    else:
        ws["D2"] = date
    wb.save("corrections/" + file)
for file, sheet, row in [("header-without-previous.xlsx", "表头缺原值", ["指标编号", "时期", "数值", "更正日期"]),
                         ("wide-table.xlsx", "宽表更正", ["指标编号", "2022-07", "更正原因"])]:
    wb = Workbook()
    wb.active.title = sheet
    wb.active.append(row)
    wb.save("corrections/" + file)

# A corrected value from a workbook, as the YAML of the render test gives it
# (indicator z: 2022-08 is 3, published as 2.9, corrected 2022-09-20).
wb = Workbook()
ws = wb.active
ws.title = "月报"
ws.append(["指标编号", "时期", "数值", "更正日期", "原值", "更正原因"])
ws.append(["z", "2022-07", 2.5])
ws.append(["z", "2022-08", 3, None, 2.9, "复核<更正>"])
day(2022, 9, 20, ws["D3"])
wb.save("corrected.xlsx")

# The example site's workbook (content/data/广西月报.xlsx): months typed as
# dates shown 2022年3月, quarters as text headers, one sheet each.
wb = Workbook()
ws = wb.active
ws.title = "月报"
ws.append(["指标编号", "指标名称", "单位"] + [datetime.date(2022, m, 1) for m in range(1, 13)])
for col in range(4, 16):
    ws.cell(row=1, column=col).number_format = 'yyyy"年"m"月"'
ws.append(["gx-heavy-pollution-days", "设区市重污染天数（累计）", "天", None, None, 0, None, None, 0, None, 0])
ws = wb.create_sheet("季报")
ws.append(["指标编号", "指标名称", "单位", "2022年第一季度", "2022年第二季度", "2022年第三季度", "2022年第四季度"])
ws.append(["gx-emergency-land", "陆域应急监测圈（应急监测到达现场时间）", "小时", 2.8, 2.5, 2.2])
ws.append(["gx-emergency-sea", "海域应急监测圈（应急监测到达现场时间）", "小时", 7.8, 7.5, "—"])
wb.save("../../../../content/data/广西月报.xlsx")
