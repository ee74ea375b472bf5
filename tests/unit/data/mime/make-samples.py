#!/usr/bin/env python3
# Writes the sample messages tst_mimemessage reads. The charset samples are encoded with Python's
# own codecs, so the test's expected Unicode text is checked against an independent encoder.
# Run from anywhere: python3 tests/unit/data/mime/make-samples.py
import base64
import os
import quopri

HERE = os.path.dirname(os.path.abspath(__file__))


def write(name, data, crlf=False):
    if isinstance(data, str):
        data = data.encode('ascii')
    if crlf:
        data = data.replace(b'\r\n', b'\n').replace(b'\n', b'\r\n')
    with open(os.path.join(HERE, name), 'wb') as f:
        f.write(data)


def b64lines(data):
    return base64.encodebytes(data)


def word(text, charset, encoding='B'):
    raw = text.encode(charset)
    if encoding == 'B':
        return '=?%s?B?%s?=' % (charset, base64.b64encode(raw).decode())
    q = ''.join(c if (c.isalnum() and ord(c) < 128) else '=%02X' % ord(c)
                for c in raw.decode('latin-1'))
    return '=?%s?Q?%s?=' % (charset, q)


# The binary attachment: every byte value, 3,000 bytes (the test computes the same bytes).
BINARY = bytes((i * 7) % 256 for i in range(3000))
NOTES = 'Zeile eins: Grüße aus Köln\nEine sehr lange Zeile, die quoted-printable umbrechen muss, ' \
    'weil sie länger als sechsundsiebzig Zeichen ist.\nEnde.\n'.encode('utf-8')
# A 1x1 transparent PNG.
PNG = base64.b64decode('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==')

mixed = (
    'Return-Path: <alice@example.org>\n'
    'From: ' + word('Alice Müller', 'utf-8') + ' <alice@example.org>\n'
    'To: "Bob Builder" <bob@example.org>,\n'
    '  carol@example.org\n'
    'Cc: Team: dave@example.org, "Eve, the second" <eve@example.org>;\n'
    'Reply-To: list@example.org\n'
    # Padded base64 words side by side (GMime 3.2 drops the second), then a Q word, folded.
    'Subject: ' + word('Grü', 'utf-8') + ' ' + word('ße aus ', 'utf-8') + '\n'
    '  =?ISO-8859-1?Q?K=F6ln?= and more\n'
    'Date: Tue, 1 Jul 2003 10:52:37 +0200\n'
    'Message-ID: <plan.42@example.org>\n'
    'In-Reply-To: <question.41@example.org>\n'
    'References: <start.1@example.org>\n'
    '\t<question.41@example.org>\n'
    'X-Folded: first part\n'
    '  second part\n'
    'MIME-Version: 1.0\n'
    'Content-Type: multipart/mixed; boundary="outer-boundary"\n'
    '\n'
    'This is a multi-part message in MIME format.\n'
    '--outer-boundary\n'
    'Content-Type: multipart/alternative; boundary="inner-boundary"\n'
    '\n'
    '--inner-boundary\n'
    'Content-Type: text/plain; charset=utf-8\n'
    'Content-Transfer-Encoding: quoted-printable\n'
    '\n'
) + quopri.encodestring('Hallo Bob,\nhier ist der Plan für Köln.\n'.encode('utf-8')).decode() + (
    '--inner-boundary\n'
    'Content-Type: text/html; charset=utf-8\n'
    'Content-Transfer-Encoding: quoted-printable\n'
    '\n'
) + quopri.encodestring('<html><body><p>Hallo Bob,</p><p>hier ist der Plan für Köln.</p>'
                        '<img src="https://tracker.example.com/pixel.gif"></body></html>\n'
                        .encode('utf-8')).decode() + (
    '--inner-boundary--\n'
    '\n'
    '--outer-boundary\n'
    'Content-Type: application/octet-stream; name="data.bin"\n'
    'Content-Disposition: attachment; filename="data.bin"\n'
    'Content-Transfer-Encoding: base64\n'
    '\n'
) + b64lines(BINARY).decode() + (
    '--outer-boundary\n'
    'Content-Type: text/plain; charset=utf-8; name="notes.txt"\n'
    'Content-Disposition: attachment; filename="notes.txt"\n'
    'Content-Transfer-Encoding: quoted-printable\n'
    '\n'
) + quopri.encodestring(NOTES).decode() + (
    '--outer-boundary--\n'
)
write('mixed-alternative.eml', mixed, crlf=True)

related = (
    'From: news@example.org\n'
    'To: bob@example.org\n'
    'Subject: Newsletter\n'
    'Date: Wed, 2 Jul 2003 08:00 -0500\n'
    'MIME-Version: 1.0\n'
    'Content-Type: multipart/alternative; boundary="alt"\n'
    '\n'
    '--alt\n'
    'Content-Type: text/plain; charset=us-ascii\n'
    '\n'
    'Our logo, in text.\n'
    '--alt\n'
    'Content-Type: multipart/related; boundary="rel"; type="text/html"\n'
    '\n'
    '--rel\n'
    'Content-Type: text/html; charset=us-ascii\n'
    '\n'
    '<p>Our logo: <img src="cid:logo.1@example.org"></p>\n'
    '--rel\n'
    'Content-Type: image/png\n'
    'Content-Transfer-Encoding: base64\n'
    'Content-ID: <logo.1@example.org>\n'
    '\n'
) + b64lines(PNG).decode() + (
    '--rel--\n'
    '--alt--\n'
)
write('related.eml', related)

inner = (
    'From: carol@example.org\n'
    'To: alice@example.org\n'
    'Subject: ' + word('Quarterly plan ✓', 'utf-8') + '\n'
    'Date: Mon, 30 Jun 2003 09:00:00 +0000\n'
    'Message-ID: <inner.7@example.org>\n'
    'MIME-Version: 1.0\n'
    'Content-Type: multipart/mixed; boundary="in"\n'
    '\n'
    '--in\n'
    'Content-Type: text/plain; charset=us-ascii\n'
    '\n'
    'The plan is attached.\n'
    '--in\n'
    'Content-Type: text/csv; name="plan.csv"\n'
    'Content-Disposition: attachment; filename="plan.csv"\n'
    '\n'
    'quarter,target\n'
    'Q3,42\n'
    '--in--\n'
)
forwarded = (
    'From: alice@example.org\n'
    'To: bob@example.org\n'
    'Subject: Fwd: Quarterly plan\n'
    'Date: Tue, 1 Jul 2003 11:00:00 +0200\n'
    'MIME-Version: 1.0\n'
    'Content-Type: multipart/mixed; boundary="fwd"\n'
    '\n'
    '--fwd\n'
    'Content-Type: text/plain; charset=us-ascii\n'
    '\n'
    'See below.\n'
    '--fwd\n'
    'Content-Type: message/rfc822\n'
    'Content-Disposition: inline\n'
    '\n'
) + inner + (
    '\n'
    '--fwd--\n'
)
write('forwarded.eml', forwarded)

# One message per charset: an encoded-word subject and an 8-bit (or 7-bit ISO-2022-JP) body.
CHARSETS = [
    ('iso-8859-1', 'Grüße aus Köln, café', 'Q'),
    ('iso-8859-15', 'Preis: 20 € für Œuvres', 'Q'),
    ('windows-1250', 'Příliš žluťoučký kůň', 'Q'),
    ('windows-1251', 'Привет, мир', 'B'),
    ('koi8-r', 'Съешь же ещё этих мягких французских булок', 'B'),
    ('shift_jis', '日本語のテキスト', 'B'),
    ('iso-2022-jp', 'こんにちは世界', 'B'),
    ('gb2312', '你好，世界', 'B'),
    ('big5', '繁體中文測試', 'B'),
    ('euc-kr', '안녕하세요 세계', 'B'),
]
for charset, text, encoding in CHARSETS:
    body = ('Text: ' + text + '\n').encode(charset)
    cte = '7bit' if charset == 'iso-2022-jp' else '8bit'
    head = ('From: test@example.org\n'
            'Subject: ' + word(text, charset, encoding) + '\n'
            'MIME-Version: 1.0\n'
            'Content-Type: text/plain; charset="' + charset.upper() + '"\n'
            'Content-Transfer-Encoding: ' + cte + '\n'
            '\n').encode('ascii')
    write('charset-' + charset + '.eml', head + body)

outlook_name = word('Präsentation Übersicht.pdf', 'utf-8')
filenames = (
    'From: test@example.org\n'
    'Subject: File names\n'
    'MIME-Version: 1.0\n'
    'Content-Type: multipart/mixed; boundary="files"\n'
    '\n'
    '--files\n'
    'Content-Type: text/plain\n'
    '\n'
    'Four files.\n'
    '--files\n'
    'Content-Type: application/pdf\n'
    'Content-Disposition: attachment;\n'
    " filename*0*=UTF-8''Gr%C3%BC%C3%9Fe%20aus%20;\n"
    ' filename*1*=K%C3%B6ln;\n'
    ' filename*2=".pdf"\n'
    'Content-Transfer-Encoding: base64\n'
    '\n'
    'JVBERi0xLjQK\n'
    '--files\n'
    'Content-Type: text/plain; charset=iso-8859-1\n'
    "Content-Disposition: attachment; filename*=iso-8859-1'de'Bj%F6rn.txt\n"
    '\n'
    'Hej\n'
    '--files\n'
    'Content-Type: application/pdf; name="' + outlook_name + '"\n'
    'Content-Disposition: attachment\n'
    'Content-Transfer-Encoding: base64\n'
    '\n'
    'JVBERi0xLjQK\n'
    '--files\n'
    'Content-Type: application/octet-stream\n'
    'Content-Disposition: attachment; filename="..\\\\..\\\\evil.exe"\n'
    '\n'
    'MZ\n'
    '--files--\n'
)
write('filenames.eml', filenames)

html_only = (
    'From: shop@example.com\n'
    'Subject: Your order\n'
    'MIME-Version: 1.0\n'
    'Content-Type: text/html; charset=windows-1252\n'
    'Content-Transfer-Encoding: 8bit\n'
    '\n'
).encode('ascii') + (
    '<html><head><title>Order</title><style>p { color: red; }</style></head>\n'
    '<body><p>Thanks &amp; welcome,<br>Zoë!</p>\n'
    '<p>Total: 20 €</p><ul><li>One</li><li>Two</li></ul>\n'
    '<p><a href="https://shop.example.com/o/1">Your order</a></p>\n'
    '<script>alert("x")</script></body></html>\n').encode('windows-1252')
write('html-only.eml', html_only)

write('no-content-type.eml',
      'From: old@example.org\n'
      'To: bob@example.org\n'
      'Subject: Plain old mail\n'
      '\n'
      'No MIME headers at all.\n'
      'Second line.\n')

write('truncated.eml',
      'From: test@example.org\n'
      'Subject: Truncated\n'
      'MIME-Version: 1.0\n'
      'Content-Type: multipart/mixed; boundary="cut"\n'
      '\n'
      '--cut\n'
      'Content-Type: text/plain; charset=us-ascii\n'
      '\n'
      'The first part arrived whole.\n'
      '--cut\n'
      'Content-Type: application/octet-stream; name="half.bin"\n'
      'Content-Transfer-Encoding: base64\n'
      '\n'
      'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8g\n'
      'ISIjJCUm')

write('wrong-boundary.eml',
      'From: test@example.org\n'
      'Subject: Wrong boundary\n'
      'MIME-Version: 1.0\n'
      'Content-Type: multipart/mixed; boundary="declared"\n'
      '\n'
      '--actual\n'
      'Content-Type: text/plain\n'
      '\n'
      'Lost text.\n'
      '--actual--\n')

lying = (
    'From: J\xfcrgen <juergen@example.org>\n'.encode('latin-1')
    + 'Subject: Grüße, raw UTF-8\n'.encode('utf-8')
    + b'MIME-Version: 1.0\n'
      b'Content-Type: text/plain; charset=us-ascii\n'
      b'Content-Transfer-Encoding: 8bit\n'
      b'\n'
    + 'Naïve café – “quoted”\n'.encode('utf-8'))
write('lying-charset.eml', lying)
