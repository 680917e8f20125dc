"""Reuters-21578 plain text for the newstag benchmarks (python3, stdlib).

The same extraction as bench/throughput's inline one (which could import
this module instead): each REUTERS element's TITLE and BODY, the SGML
entities &lt; &gt; &amp; and &#N; decoded, white space squeezed so that one
article is one line.  The .sgm files are read as Latin-1 (in practice ASCII
with a few stray bytes); callers write the text as UTF-8.

As a program:  python3 bench/lib/reuters.py OUT.txt FILE.sgm...
writes the articles, one a line, to OUT.txt and reports the counts on
standard error.

Reuters-21578 is for research use only: read it in place, write extracts
only to temporary files.
"""

import re
import sys

ARTICLE = re.compile(r'<REUTERS\b.*?</REUTERS>', re.S)
ELEMENT = re.compile(r'<(TITLE|BODY)>(.*?)</\1>', re.S)
ENTITY = re.compile(r'&(lt|gt|amp|#[0-9]+);')
NAMED = {'lt': '<', 'gt': '>', 'amp': '&'}


def _decode(m):
    e = m.group(1)
    if e in NAMED:
        return NAMED[e]
    n = int(e[1:])
    return chr(n) if 0 < n < 0x110000 else ' '


def articles(files):
    """Yield the text of each article of the .sgm FILES (sorted by name),
    TITLE then BODY, on one line; empty articles are skipped."""
    for path in sorted(files):
        with open(path, encoding='latin-1') as f:
            sgm = f.read()
        for a in ARTICLE.finditer(sgm):
            parts = [ENTITY.sub(_decode, m.group(2)) for m in ELEMENT.finditer(a.group(0))]
            text = ' '.join(' '.join(parts).split())
            if text:
                yield text


def write_text(out_path, files):
    """Write the articles, one a line, UTF-8; return (articles, bytes)."""
    n = size = 0
    with open(out_path, 'wb') as out:
        for text in articles(files):
            b = (text + '\n').encode('utf-8')
            out.write(b)
            n += 1
            size += len(b)
    return n, size


if __name__ == '__main__':
    if len(sys.argv) < 3:
        sys.stderr.write('usage: python3 bench/lib/reuters.py OUT.txt FILE.sgm...\n')
        sys.exit(2)
    n, size = write_text(sys.argv[1], sys.argv[2:])
    sys.stderr.write('%d articles, %d bytes of text\n' % (n, size))
