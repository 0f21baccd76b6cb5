#!/usr/bin/env python3
"""tests/attach/fixtures.py - small attachment fixtures, written from scratch

    fixtures.py files OUTDIR     the raw files (xlsx, docx, zip, lnk, ...)
    fixtures.py cases CHECKSDIR  the golden .eml cases of the attachment
                                 checks (tests/checks/attachment*/), which
                                 are committed; tests/attach/run checks
                                 that they still match this script

Everything is built with the standard library (zipfile, zlib, struct):
OOXML parts are written as text, ZipCrypto is implemented here (zipfile
cannot write it), LNK, OneNote, TNEF, PDF and ISO 9660 are laid out by
hand from their specifications.  Output is deterministic (fixed zip
dates), so the committed cases can be compared byte for byte.
No content comes from any corpus.
"""
import base64, binascii, io, os, struct, sys, zipfile, zlib

DATE = (2026, 11, 26, 10, 0, 0)


def zipped(files, method=zipfile.ZIP_DEFLATED):
    """files: list of (name, bytes) -> zip bytes, fixed dates"""
    b = io.BytesIO()
    with zipfile.ZipFile(b, 'w', method) as z:
        for name, data in files:
            zi = zipfile.ZipInfo(name, DATE)
            zi.compress_type = method
            if any(ord(c) > 127 for c in name):
                zi.flag_bits |= 0x800
            z.writestr(zi, data)
    return b.getvalue()


# --- ZipCrypto (APPNOTE 6.1), which zipfile reads but cannot write ---------
def _crc_byte(c, b):
    return binascii.crc32(bytes([b]), c ^ 0xffffffff) ^ 0xffffffff


class _Keys:
    def __init__(self, pw):
        self.k = [0x12345678, 0x23456789, 0x34567890]
        for ch in pw:
            self.update(ch)

    def update(self, b):
        k = self.k
        k[0] = _crc_byte(k[0], b)
        k[1] = (k[1] + (k[0] & 0xff)) & 0xffffffff
        k[1] = (k[1] * 134775813 + 1) & 0xffffffff
        k[2] = _crc_byte(k[2], (k[1] >> 24) & 0xff)

    def enc(self, b):
        t = (self.k[2] | 2) & 0xffff
        c = b ^ (((t * (t ^ 1)) >> 8) & 0xff)
        self.update(b)
        return c


def zipcrypto(files, password):
    """a zip whose entries are deflated and ZipCrypto-encrypted"""
    out = io.BytesIO()
    central = []
    for name, data in files:
        nb = name.encode('utf-8')
        crc = binascii.crc32(data) & 0xffffffff
        co = zlib.compressobj(9, zlib.DEFLATED, -15)
        comp = co.compress(data) + co.flush()
        keys = _Keys(password.encode())
        head = bytes([(i * 37 + 11) & 0xff for i in range(11)]) + \
            bytes([(crc >> 24) & 0xff])
        enc = bytes(keys.enc(b) for b in head + comp)
        off = out.tell()
        flags = 0x1 | 0x800
        out.write(struct.pack('<IHHHHHIIIHH', 0x04034b50, 20, flags, 8,
                              0x5000, 0x5b7a, crc, len(enc), len(data),
                              len(nb), 0) + nb + enc)
        central.append(struct.pack('<IHHHHHHIIIHHHHHII', 0x02014b50, 20,
                                   20, flags, 8, 0x5000, 0x5b7a, crc,
                                   len(enc), len(data), len(nb), 0, 0, 0,
                                   0, 0, off) + nb)
    cd = out.tell()
    for c in central:
        out.write(c)
    size = out.tell() - cd
    out.write(struct.pack('<IHHHHIIH', 0x06054b50, 0, 0, len(central),
                          len(central), size, cd, 0))
    return out.getvalue()


# --- OOXML -----------------------------------------------------------------
NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
NS_R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
NS_W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'
REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships'


def esc(s):
    return s.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')


def xlsx(sheets, strings=(), macro=False, core=None, app=None,
         comments=None):
    """sheets: [(name, state, rows_xml, cols_xml)]"""
    main = 'application/vnd.ms-excel.sheet.macroEnabled.main+xml' if macro \
        else 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml'
    ct = ['<?xml version="1.0" encoding="UTF-8"?>',
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">',
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>',
          '<Default Extension="xml" ContentType="application/xml"/>',
          '<Override PartName="/xl/workbook.xml" ContentType="%s"/>' % main]
    if macro:
        ct.append('<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>')
    ct.append('</Types>')
    files = [('[Content_Types].xml', ''.join(ct)),
             ('_rels/.rels', '<Relationships xmlns="%s"><Relationship Id="rId1" '
              'Type="%s/officeDocument" Target="xl/workbook.xml"/>'
              '<Relationship Id="rId2" Type="%s/metadata/core-properties" '
              'Target="docProps/core.xml"/></Relationships>' % (PKG_REL, REL, PKG_REL))]
    wb = ['<workbook xmlns="%s" xmlns:r="%s"><sheets>' % (NS_MAIN, NS_R)]
    rels = ['<Relationships xmlns="%s">' % PKG_REL]
    for i, (name, state, rows, cols) in enumerate(sheets, 1):
        st = ' state="%s"' % state if state else ''
        wb.append('<sheet name="%s" sheetId="%d"%s r:id="rId%d"/>' %
                  (esc(name), i, st, i))
        rels.append('<Relationship Id="rId%d" Type="%s/worksheet" '
                    'Target="worksheets/sheet%d.xml"/>' % (i, REL, i))
        files.append(('xl/worksheets/sheet%d.xml' % i,
                      '<worksheet xmlns="%s">%s<sheetData>%s</sheetData>'
                      '</worksheet>' % (NS_MAIN, cols or '', rows or '')))
    n = len(sheets)
    rels.append('<Relationship Id="rId%d" Type="%s/sharedStrings" '
                'Target="sharedStrings.xml"/>' % (n + 1, REL))
    wb.append('</sheets></workbook>')
    rels.append('</Relationships>')
    files.append(('xl/workbook.xml', ''.join(wb)))
    files.append(('xl/_rels/workbook.xml.rels', ''.join(rels)))
    files.append(('xl/sharedStrings.xml', '<sst xmlns="%s">%s</sst>' % (
        NS_MAIN, ''.join('<si><t>%s</t></si>' % esc(s) for s in strings))))
    if comments:
        sheet_no, author, items = comments
        files.append(('xl/worksheets/_rels/sheet%d.xml.rels' % sheet_no,
                      '<Relationships xmlns="%s"><Relationship Id="rId1" '
                      'Type="%s/comments" Target="../comments1.xml"/>'
                      '</Relationships>' % (PKG_REL, REL)))
        files.append(('xl/comments1.xml',
                      '<comments xmlns="%s"><authors><author>%s</author>'
                      '</authors><commentList>%s</commentList></comments>' %
                      (NS_MAIN, esc(author), ''.join(
                          '<comment ref="%s" authorId="0"><text><r><t>%s</t>'
                          '</r></text></comment>' % (ref, esc(t))
                          for ref, t in items))))
    if macro:
        files.append(('xl/vbaProject.bin', b'\xd0\xcf\x11\xe0' + b'\0' * 60))
    files.append(('docProps/core.xml', core or
                  '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/'
                  'package/2006/metadata/core-properties" xmlns:dc="http://purl.org/'
                  'dc/elements/1.1/"><dc:creator>yojin test</dc:creator>'
                  '</cp:coreProperties>'))
    if app:
        files.append(('docProps/app.xml', app))
    return zipped([(n_, d.encode() if isinstance(d, str) else d)
                   for n_, d in files])


def _brt(rtype, data=b''):
    """one record of a binary workbook: type and size as 7-bit varints"""
    def varint(v, most):
        out = bytearray()
        for _ in range(most):
            out.append((v & 0x7f) | (0x80 if v > 0x7f else 0))
            v >>= 7
            if not out[-1] & 0x80:
                break
        return bytes(out)
    return varint(rtype, 2) + varint(len(data), 4) + data


def _wstr(s):
    """XLWideString: UTF-16 unit count, then UTF-16LE"""
    b = s.encode('utf-16-le')
    return struct.pack('<I', len(b) // 2) + b


def xlsb(sheets):
    """sheets: [(name, state)]; state 0 visible, 1 hidden, 2 veryHidden
    ([MS-XLSB] BrtBeginBook 131, BrtBeginBundleShs 143, BrtBundleSh 156,
    BrtEndBundleShs 144, BrtEndBook 132)"""
    ct = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.'
          'openxmlformats.org/package/2006/content-types"><Default Extension='
          '"rels" ContentType="application/vnd.openxmlformats-package.'
          'relationships+xml"/><Override PartName="/xl/workbook.bin" '
          'ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.'
          'main"/></Types>')
    wb = _brt(131) + _brt(143)
    rels = ['<Relationships xmlns="%s">' % PKG_REL]
    files = [('[Content_Types].xml', ct.encode()),
             ('_rels/.rels', ('<Relationships xmlns="%s"><Relationship Id='
              '"rId1" Type="%s/officeDocument" Target="xl/workbook.bin"/>'
              '</Relationships>' % (PKG_REL, REL)).encode())]
    for i, (name, state) in enumerate(sheets, 1):
        wb += _brt(156, struct.pack('<II', state, i) + _wstr('rId%d' % i) +
                   _wstr(name))
        rels.append('<Relationship Id="rId%d" Type="%s/worksheet" '
                    'Target="worksheets/sheet%d.bin"/>' % (i, REL, i))
        files.append(('xl/worksheets/sheet%d.bin' % i,
                      _brt(129) + _brt(130)))	# BrtBeginSheet, BrtEndSheet
    wb += _brt(144) + _brt(132)
    rels.append('</Relationships>')
    files.append(('xl/workbook.bin', wb))
    files.append(('xl/_rels/workbook.bin.rels', ''.join(rels).encode()))
    return zipped(files)


def docx(body_xml, comments=None, macro=False, settings_rels=None,
         company=None):
    main = 'application/vnd.ms-word.document.macroEnabled.main+xml' if macro \
        else 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml'
    files = [('[Content_Types].xml',
              '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
              '<Default Extension="xml" ContentType="application/xml"/>'
              '<Override PartName="/word/document.xml" ContentType="%s"/></Types>' % main),
             ('_rels/.rels', '<Relationships xmlns="%s"><Relationship Id="rId1" '
              'Type="%s/officeDocument" Target="word/document.xml"/>'
              '</Relationships>' % (PKG_REL, REL)),
             ('word/document.xml', '<w:document xmlns:w="%s"><w:body>%s'
              '</w:body></w:document>' % (NS_W, body_xml))]
    if comments:
        files.append(('word/comments.xml', '<w:comments xmlns:w="%s">%s'
                      '</w:comments>' % (NS_W, ''.join(
                          '<w:comment w:id="%d" w:author="%s"><w:p><w:r><w:t>%s'
                          '</w:t></w:r></w:p></w:comment>' % (i, esc(a), esc(t))
                          for i, (a, t) in enumerate(comments)))))
    if macro:
        files.append(('word/vbaProject.bin', b'\xd0\xcf\x11\xe0' + b'\0' * 60))
    if settings_rels:
        files.append(('word/_rels/settings.xml.rels', settings_rels))
    if company:
        files.append(('docProps/app.xml', '<Properties xmlns="http://schemas.'
                      'openxmlformats.org/officeDocument/2006/extended-properties">'
                      '<Company>%s</Company></Properties>' % esc(company)))
    return zipped([(n_, d.encode() if isinstance(d, str) else d)
                   for n_, d in files])


def para(text):
    return '<w:p><w:r><w:t>%s</w:t></w:r></w:p>' % esc(text)


# --- other formats ---------------------------------------------------------
def lnk(target, args):
    """MS-SHLLINK: header, LinkInfo with a local base path, arguments"""
    flags = 0x02 | 0x20 | 0x80          # LinkInfo, arguments, Unicode
    hdr = struct.pack('<I16sIIQQQIIIHHII', 0x4c,
                      bytes.fromhex('0114020000000000c000000000000046'),
                      flags, 0x20, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0)
    base = target.encode('ascii') + b'\0'
    vol = struct.pack('<IIII', 16, 3, 0, 16)
    info_hdr = 28
    body = vol + base + b'\0'
    li = struct.pack('<IIIIIII', info_hdr + len(body), info_hdr, 1,
                     info_hdr, info_hdr + len(vol), 0,
                     info_hdr + len(body) - 1) + body
    a = args.encode('utf-16-le')
    sd = struct.pack('<H', len(args)) + a
    return hdr + li + sd + struct.pack('<I', 0)


def onenote(payload):
    one = bytes.fromhex('e4525c7b8cd8a74daeb15378d02996d3')
    fdso = bytes.fromhex('e716e3bd65261145a4c48d4d0b7a9eac')
    return one + b'\0' * 64 + fdso + struct.pack('<QIQ', len(payload), 0, 0) + \
        payload + bytes.fromhex('22a7fb71790f0b4abb13899256426b24')


def pe():
    """the headers of a PE file (enough for any type detector)"""
    mz = bytearray(b'MZ' + b'\0' * 0x3a + struct.pack('<I', 0x80))
    mz += b'\0' * (0x80 - len(mz))
    mz += b'PE\0\0' + struct.pack('<HHIIIHH', 0x14c, 1, 0, 0, 0, 0xe0, 0x102)
    return bytes(mz) + b'\0' * 512


def tnef(attachments):
    """MS-OXTNEF with attTitle + attData per attachment"""
    def attr(level, aid, data):
        return struct.pack('<BII', level, aid, len(data)) + data + \
            struct.pack('<H', sum(data) & 0xffff)
    out = struct.pack('<IH', 0x223e9f78, 1)
    out += attr(1, 0x00089006, struct.pack('<I', 0x10000))
    out += attr(1, 0x00069007, struct.pack('<II', 932, 0))
    for name, data in attachments:
        out += attr(2, 0x00069002, b'\0' * 14)
        out += attr(2, 0x00018010, name.encode('cp932') + b'\0')
        out += attr(2, 0x0006800f, data)
    return out


def pdf(objects, compress_first=False):
    """a PDF from object bodies; object 1 may go in a FlateDecode stream"""
    out = io.BytesIO()
    out.write(b'%PDF-1.7\n%\xe2\xe3\xcf\xd3\n')
    offs = []
    for i, body in enumerate(objects, 1):
        offs.append(out.tell())
        if compress_first and i == 1:
            data = zlib.compress(body)
            out.write(b'%d 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter '
                      b'/FlateDecode /Length %d >>\nstream\n' % (i, len(data)))
            out.write(data + b'\nendstream\nendobj\n')
        else:
            out.write(b'%d 0 obj\n' % i + body + b'\nendobj\n')
    x = out.tell()
    out.write(b'xref\n0 %d\n0000000000 65535 f \n' % (len(objects) + 1))
    for o in offs:
        out.write(b'%010d 00000 n \n' % o)
    out.write(b'trailer\n<< /Size %d /Root 2 0 R >>\nstartxref\n%d\n%%%%EOF\n'
              % (len(objects) + 1, x))
    return out.getvalue()


def iso9660(name, data):
    """a minimal ISO 9660 image holding one file (ECMA-119)"""
    S = 2048

    def both16(v):
        return struct.pack('<H', v) + struct.pack('>H', v)

    def both32(v):
        return struct.pack('<I', v) + struct.pack('>I', v)

    def record(ident, extent, size, flags):
        r = struct.pack('<BB', 0, 0) + both32(extent) + both32(size) + \
            bytes(7) + struct.pack('<BBB', flags, 0, 0) + both16(1) + \
            struct.pack('<B', len(ident)) + ident
        if len(r) % 2:
            r += b'\0'
        return bytes([len(r)]) + r[1:]
    root_lba, file_lba, pt_lba = 20, 21, 19
    nfile = (len(data) + S - 1) // S
    root = record(b'\0', root_lba, S, 2) + record(b'\1', root_lba, S, 2) + \
        record(name.encode() + b';1', file_lba, len(data), 0)
    pvd = bytearray(S)
    pvd[0:8] = b'\x01CD001\x01\x00'
    pvd[8:40] = b' ' * 32
    pvd[40:72] = b'YOJIN_TEST'.ljust(32)
    total = max(file_lba + nfile, 32)   # readers read 24+ sectors ahead
    pvd[80:88] = both32(total)
    pvd[120:124] = both16(1)
    pvd[124:128] = both16(1)
    pvd[128:132] = both16(S)
    pt = struct.pack('<BBIH', 1, 0, root_lba, 1) + b'\0\0'
    pvd[132:140] = both32(len(pt))
    pvd[140:144] = struct.pack('<I', pt_lba)
    pvd[148:152] = struct.pack('>I', pt_lba + 0)
    pvd[156:190] = record(b'\0', root_lba, S, 2)
    pvd[881] = 1
    term = bytearray(S)
    term[0:7] = b'\xffCD001\x01'
    img = bytearray(S * 16) + pvd + term + bytearray(S) + \
        pt.ljust(S, b'\0') + root.ljust(S, b'\0') + data.ljust(nfile * S, b'\0')
    return bytes(img.ljust(total * S, b'\0'))


def mynumber(prefix11):
    q = sum(int(prefix11[11 - n]) * (n + 1 if n <= 6 else n - 5)
            for n in range(1, 12)) % 11
    return prefix11 + str(0 if q <= 1 else 11 - q)


# --- mail ------------------------------------------------------------------
def _hdr(s):
    if all(ord(c) < 128 for c in s):
        return s
    return '=?UTF-8?B?%s?=' % base64.b64encode(s.encode()).decode()


def _fname(name):
    if all(ord(c) < 128 for c in name):
        return 'filename="%s"' % name
    from urllib.parse import quote
    return "filename*=UTF-8''%s" % quote(name.encode(), safe='')


def eml(frm, to, subject, body, atts, msgid, ctype='application/octet-stream'):
    """a multipart/mixed message; atts: [(name, bytes[, content type])]"""
    out = ['From: %s' % frm, 'To: %s' % to, 'Subject: %s' % _hdr(subject),
           'Date: Thu, 26 Nov 2026 10:00:00 +0900',
           'Message-ID: <%s>' % msgid, 'MIME-Version: 1.0',
           'Content-Type: multipart/mixed; boundary="b0"', '',
           '--b0', 'Content-Type: text/plain; charset=UTF-8',
           'Content-Transfer-Encoding: base64', '']
    out.append(base64.encodebytes(body.encode()).decode().rstrip())
    for a in atts:
        name, data = a[0], a[1]
        ct = a[2] if len(a) > 2 else ctype
        out += ['--b0', 'Content-Type: %s' % ct,
                'Content-Disposition: attachment; %s' % _fname(name),
                'Content-Transfer-Encoding: base64', '',
                base64.encodebytes(data).decode().rstrip()]
    out += ['--b0--', '']
    return '\n'.join(out).encode()


OUT_FROM = '営業部 田中 <tanaka@yojin-shoji.example>'
OUT_TO = '山田様 <yamada@a-shoji.example>'
IN_FROM = 'Sato <sato@b-trading.example>'
IN_TO = 'tanaka@yojin-shoji.example'


def quote_xlsx():
    return xlsx([('見積書', None, '<row r="1"><c r="A1" t="s"><v>0</v></c>'
                  '</row>', None),
                 ('B社単価', 'hidden', '', None),
                 ('原価', 'veryHidden', '', None)],
                strings=['お見積り', 'B社向け特別単価', '原価一覧'])


def rows_xlsx():
    rows = ''.join('<row r="%d"%s/>' % (r, ' hidden="1"' if 3 <= r <= 5
                                        else '') for r in range(1, 8))
    cols = '<cols><col min="3" max="3" width="0" hidden="1"/></cols>'
    return xlsx([('Prices', None, rows, cols)],
                strings=['Unit price', 'Discount'],
                comments=(1, 'Sato', [('B2', 'internal margin 40%')]))


def people_xlsx(n):
    rows = ['氏名,メール,電話']
    for i in range(n):
        rows.append('会員%d,member%02d@example.net,03-1234-%04d' % (i, i, i))
    return xlsx([('名簿', None, '', None)], strings=rows)


def outbound_cases():
    """(check, case name, eml bytes, expect, args, conf)"""
    c = []
    ext = '--direction out'
    c.append(('hidden_sheets_ja', eml(OUT_FROM, OUT_TO, '御見積書の送付',
              '山田様\n\nお見積書をお送りします。\n', [('御見積書.xlsx',
              quote_xlsx())], 'h1@yojin-shoji.example')))
    c.append(('hidden_sheets_xlsb_ja', eml(OUT_FROM, OUT_TO, '御見積書の送付',
              '山田様\n\nお見積書をお送りします。\n', [('御見積書.xlsb',
              xlsb([('見積書', 0), ('B社単価', 1), ('原価', 2)]))],
              'h1b@yojin-shoji.example')))
    c.append(('hidden_rows_comment_en', eml(OUT_FROM, 'Bob <bob@c-corp.example>',
              'Price list', 'Hi Bob,\n\nThe price list is attached.\n',
              [('prices.xlsx', rows_xlsx())], 'h2@yojin-shoji.example')))
    body = para('ご提案書') + '<w:p><w:del w:author="田中"><w:r><w:delText>' \
        'B社向け価格 100万円</w:delText></w:r></w:del><w:ins w:author="鈴木">' \
        '<w:r><w:t>価格は別紙</w:t></w:r></w:ins></w:p>'
    c.append(('tracked_changes_docx_ja', eml(OUT_FROM, OUT_TO, 'ご提案書',
              '山田様\n\nご提案書をお送りします。\n', [('ご提案書.docx',
              docx(body, comments=[('鈴木', '社外秘: 値引きは5%まで')]))],
              'h3@yojin-shoji.example')))
    c.append(('clean_xlsx', eml(OUT_FROM, OUT_TO, '資料', '山田様\n\n資料です。\n',
              [('資料.xlsx', xlsx([('一覧', None, '', None)],
                                  strings=['品名', '数量']))],
              'h4@yojin-shoji.example')))
    c.append(('internal_only', eml(OUT_FROM, '佐藤 <sato@yojin-shoji.example>',
              '御見積書 (社内確認)', '佐藤さん\n\n確認お願いします。\n',
              [('御見積書.xlsx', quote_xlsx())], 'h5@yojin-shoji.example')))
    mn = [mynumber('12345678901'), mynumber('98765432109')]
    csv = ('氏名,個人番号\n山田太郎,%s\n鈴木花子,%s\n' % tuple(mn)).encode('cp932')
    c.append(('my_number_csv_ja', eml(OUT_FROM, OUT_TO, '名簿', '山田様\n\n名簿です。\n',
              [('名簿.csv', csv, 'text/csv; charset=Shift_JIS')],
              'h6@yojin-shoji.example')))
    c.append(('my_number_require_encryption', c[-1][1]))
    c.append(('encrypted_zip_require_encryption', eml(OUT_FROM, OUT_TO, '名簿',
              '山田様\n\n名簿を送ります。パスワード：Kx93-pq\n',
              [('名簿.zip', zipcrypto([('名簿.csv', csv)], 'Kx93-pq'))],
              'h13@yojin-shoji.example')))
    c.append(('people_list_in_zip', eml(OUT_FROM, OUT_TO, '会員名簿',
              '山田様\n\n会員名簿を送ります。\n',
              [('会員.zip', zipped([('会員名簿.xlsx', people_xlsx(12))]))],
              'h7@yojin-shoji.example')))
    c.append(('other_client_sheet_ja', eml(OUT_FROM, OUT_TO, '単価表',
              '山田様\n\n単価表をお送りします。\n', [('単価表.xlsx', xlsx(
                  [('A商事様', None, '', None), ('B工業様向け', None, '', None)],
                  strings=['品名', '単価']))], 'h9@yojin-shoji.example')))
    c.append(('other_client_company_en', eml(OUT_FROM,
              'John Smith <john.smith@acme.example>', 'Proposal',
              'John,\n\nOur proposal is attached.\n', [('proposal.docx',
              docx(para('Proposal'), company='Globex Corp.'))],
              'h10@yojin-shoji.example')))
    c.append(('other_client_text_en', eml(OUT_FROM,
              'John Smith <john.smith@acme.example>', 'Figures',
              'John,\n\nThe figures are attached.\n', [('figures.xlsx', xlsx(
                  [('Figures', None, '', None)],
                  strings=['Quarterly figures for Globex', 'Total']))],
              'h11@yojin-shoji.example')))
    c.append(('own_client_named_ja', eml(OUT_FROM, OUT_TO, '御請求書',
              '山田様\n\n御請求書です。\n', [('御請求書.xlsx', xlsx(
                  [('株式会社A商事様', None, '', None)],
                  strings=['株式会社A商事 御中']))], 'h12@yojin-shoji.example')))
    c.append(('few_addresses_en', eml(OUT_FROM, 'Bob <bob@c-corp.example>',
              'Contacts', 'Bob,\n\nOur two contacts are in the sheet.\n',
              [('contacts.xlsx', people_xlsx(2))], 'h8@yojin-shoji.example')))
    return [(n, e, ext) for n, e in c]


def inbound_cases():
    c = []
    docm = docx(para('請求書'), macro=True)
    c.append(('zip_password_in_body_ja', eml(IN_FROM, IN_TO, 'Re: 請求書の件',
              'お世話になっております。\n請求書を送付します。\n'
              'パスワード：Yj7kQ2\nよろしくお願いいたします。\n',
              [('請求書.zip', zipcrypto([('請求書.docm', docm)], 'Yj7kQ2'))],
              'r1@b-trading.example')))
    c.append(('zip_encrypted_no_password_en', eml(IN_FROM, IN_TO, 'Documents',
              'Please find the documents attached.\n',
              [('docs.zip', zipcrypto([('report.txt', b'quarterly report\n')],
                                      'unknown-pw'))], 'r2@b-trading.example')))
    c.append(('exe_double_extension_ja', eml(IN_FROM, IN_TO, '請求書',
              '請求書をご確認ください。\n', [('請求書.pdf.exe', pe())],
              'r3@b-trading.example')))
    c.append(('rlo_name_en', eml(IN_FROM, IN_TO, 'Invoice',
              'See the invoice.\n', [('invoice\u202efdp.scr', pe())],
              'r4@b-trading.example')))
    c.append(('lnk_in_zip_ja', eml(IN_FROM, IN_TO, '資料送付',
              '資料をお送りします。\n', [('資料.zip', zipped([('資料.txt.lnk',
              lnk('C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
                  '-nop -w hidden -enc SQBFAFgA'))]))], 'r5@b-trading.example')))
    c.append(('iso_with_lnk_en', eml(IN_FROM, IN_TO, 'Order',
              'Order details attached.\n', [('order.iso', iso9660('ORDER.LNK',
              lnk('C:\\Windows\\System32\\cmd.exe', '/c start evil.bat')))],
              'r6@b-trading.example')))
    c.append(('onenote_en', eml(IN_FROM, IN_TO, 'Shared notes',
              'Double-click to view the document.\n', [('notes.one',
              onenote(b'<html><script>new ActiveXObject("WScript.Shell")'
                      b'</script></html>'))], 'r7@b-trading.example')))
    blob = base64.b64encode(bytes(range(256)) * 8).decode()
    html = ('<html><body><script>var d=atob("%s");var b=new Blob([d]);'
            '</script></body></html>' % blob).encode()
    c.append(('html_smuggling_en', eml(IN_FROM, IN_TO, 'Voice message',
              'You have a new voice message.\n', [('message.html', html,
              'text/html')], 'r8@b-trading.example')))
    js = pdf([b'<< /Type /Catalog /OpenAction << /S /JavaScript /JS '
              b'(app.alert\\(1\\)) >> >>',
              b'<< /Type /Catalog /Pages 3 0 R >>',
              b'<< /Type /Pages /Kids [] /Count 0 >>'], compress_first=True)
    c.append(('pdf_javascript_ja', eml(IN_FROM, IN_TO, '注文書',
              '注文書をお送りします。\n', [('注文書.pdf', js, 'application/pdf')],
              'r9@b-trading.example')))
    link = pdf([b'<< /Type /Annot /Subtype /Link /A << /S /URI /URI '
                b'(https://login.example.net/verify) >> >>',
                b'<< /Type /Catalog /Pages 3 0 R >>',
                b'<< /Type /Pages /Kids [] /Count 0 >>'])
    c.append(('pdf_link_en', eml(IN_FROM, IN_TO, 'Statement',
              'Your statement is attached.\n', [('statement.pdf', link,
              'application/pdf')], 'r10@b-trading.example')))
    c.append(('docm_macro_en', eml(IN_FROM, IN_TO, 'Invoice',
              'Please enable content to see the invoice.\n',
              [('invoice.docm', docm)], 'r11@b-trading.example')))
    bomb = zipped([('report.doc', b'\0' * (3 * 1024 * 1024))])
    c.append(('inflated_zip_ja', eml(IN_FROM, IN_TO, '報告書', '報告書です。\n',
              [('報告書.zip', bomb)], 'r12@b-trading.example')))
    plain = pdf([b'<< /Type /Catalog /Pages 2 0 R >>',
                 b'<< /Type /Pages /Kids [] /Count 0 >>'])
    c.append(('clean_pdf_ja', eml(IN_FROM, IN_TO, '請求書 11月分',
              'いつもお世話になっております。請求書をお送りします。\n',
              [('請求書.pdf', plain, 'application/pdf')], 'r13@b-trading.example')))
    c.append(('clean_docx_en', eml(IN_FROM, IN_TO, 'Minutes',
              'Minutes of our meeting attached.\n', [('minutes.docx',
              docx(para('Minutes')))], 'r14@b-trading.example')))
    c.append(('exe_as_jpg_ja', eml(IN_FROM, IN_TO, '写真', '写真です。\n',
              [('写真.jpg', pe(), 'image/jpeg')], 'r15@b-trading.example')))
    c.append(('tnef_with_exe_en', eml(IN_FROM, IN_TO, 'Update',
              'See attachment.\n', [('winmail.dat', tnef([('update.exe', pe())]),
              'application/ms-tnef')], 'r16@b-trading.example')))
    inner = eml(IN_FROM, IN_TO, 'fwd', 'inner\n', [('setup.js',
                b'WScript.Echo(1);\n', 'application/javascript')], 'r17i@b')
    c.append(('eml_attachment_with_script_en', eml(IN_FROM, IN_TO, 'Fwd: notice',
              'Forwarding.\n', [('notice.eml', inner)], 'r17@b-trading.example')))
    c.append(('docm_without_macros_en', eml(IN_FROM, IN_TO, 'Draft',
              'The draft is attached.\n', [('draft.docm', docx(para('Draft')))],
              'r19@b-trading.example')))
    c.append(('encrypted_docm_in_zip_en', eml(IN_FROM, IN_TO, 'Order',
              'Order attached, password sent separately.\n',
              [('order.zip', zipcrypto([('order.docm', docm)], 'Zz9-x'))],
              'r20@b-trading.example')))
    c.append(('clean_zip_ja', eml(IN_FROM, IN_TO, '議事録', '議事録です。\n',
              [('議事録.zip', zipped([('議事録.txt', '議事録\n'.encode())]))],
              'r18@b-trading.example')))
    return [(n, e, '--direction in') for n, e in c]


CONF = 'organization:\n  name: 用心商事\n  domains: [yojin-shoji.example]\n'
CONTACTS = ('name,email,organization,reading,department\n'
            '山田 花子,yamada@a-shoji.example,株式会社A商事,やまだ はなこ,営業部\n'
            '鈴木 一郎,suzuki@b-kogyo.example,B工業株式会社,すずき いちろう,\n'
            'John Smith,john.smith@acme.example,Acme Inc.,,\n'
            'Mary Jones,mary@globex.example,Globex Corp.,,\n')


def write_cases(root):
    for check, cases in (('attachment', outbound_cases()),
                         ('attachment_risk', inbound_cases())):
        d = os.path.join(root, check)
        os.makedirs(d, exist_ok=True)
        if check == 'attachment':
            with open(os.path.join(d, 'contacts.csv'), 'w') as f:
                f.write(CONTACTS)
        for name, data, args in cases:
            with open(os.path.join(d, name + '.eml'), 'wb') as f:
                f.write(data)
            with open(os.path.join(d, name + '.args'), 'w') as f:
                f.write(args + '\n')
            if name.endswith('require_encryption') or \
                    name == 'people_list_in_zip':
                with open(os.path.join(d, name + '.conf'), 'w') as f:
                    f.write(CONF + 'checks:\n  attachment:\n'
                            '    require_encryption: true\n')


def write_files(d):
    os.makedirs(d, exist_ok=True)
    files = {
        'hidden.xlsx': quote_xlsx(), 'rows.xlsx': rows_xlsx(),
        'hidden.xlsb': xlsb([('見積書', 0), ('原価', 1), ('他社単価', 2)]),
        'people.xlsx': people_xlsx(12),
        'macro.docm': docx(para('x'), macro=True),
        'template.docx': docx(para('x'), settings_rels=
            '<Relationships xmlns="%s"><Relationship Id="rId1" Type="%s/'
            'attachedTemplate" Target="http://tpl.example.net/t.dotm" '
            'TargetMode="External"/></Relationships>' % (PKG_REL, REL)),
        'dde.docx': docx('<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                         '<w:r><w:instrText> DDEAUTO c:\\\\windows\\\\system32'
                         '\\\\cmd.exe "/k calc"</w:instrText></w:r></w:p>'),
        'crypt.zip': zipcrypto([('a.txt', b'secret text\n')], 'Yj7kQ2'),
        'shortcut.lnk': lnk('C:\\Windows\\System32\\cmd.exe', '/c calc'),
        'notes.one': onenote(b'@echo off\r\n'),
        'app.exe': pe(), 'win.dat': tnef([('a.txt', b'hello\n')]),
        'image.iso': iso9660('A.TXT', b'hello iso\n'),
        'js.pdf': pdf([b'<< /OpenAction << /S /JavaScript /JS (x) >> >>'],
                      compress_first=True),
    }
    for k, v in files.items():
        with open(os.path.join(d, k), 'wb') as f:
            f.write(v)


if __name__ == '__main__':
    if len(sys.argv) != 3 or sys.argv[1] not in ('files', 'cases'):
        sys.exit(__doc__)
    (write_files if sys.argv[1] == 'files' else write_cases)(sys.argv[2])
