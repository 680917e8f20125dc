"""TimeML (TempEval-3 TBAQ-cleaned) reading and TE3-style timex scoring
for the newstag benchmarks (python3, stdlib only).

read_tml(path) -> Doc: the article date (the DCT), the plain text of the
<TEXT> element and its gold TIMEX3s as code-point offsets into that text.

score(pairs) -> Score: the TempEval-3 task A timex metrics (strict and
relaxed extent P/R/F1; type and value accuracy over the relaxed matches;
attribute F1 = relaxed F1 x accuracy), from (gold, system) timex lists.

The plain text is what an XML parser reports: all the character data under
<TEXT>, tags removed, entities and character references decoded, line ends
normalised as XML requires (CR LF and a lone CR become LF; a few AQUAINT
files have stray CRs).  Offsets count code points of that text, end
exclusive, as newstag's do.

TimeBank and AQUAINT are derived from LDC newswire: research use only.
Read them in place; write the text only to temporary files.
"""

import collections
import os
import re
import xml.etree.ElementTree as ET

Timex = collections.namedtuple('Timex', 'start end type value mod text')
Doc = collections.namedtuple('Doc', 'id path date text timexes')

TYPES = ('DATE', 'TIME', 'DURATION', 'SET')


class TimeMLError(Exception):
    pass


def _walk(elem, parts, pos, out):
    """Append the character data of ELEM's content (not its tail) to PARTS,
    recording every TIMEX3 below it in OUT; return the new position."""
    if elem.text:
        parts.append(elem.text)
        pos += len(elem.text)
    for child in elem:
        start = pos
        pos = _walk(child, parts, pos, out)
        if child.tag == 'TIMEX3':
            inner = ''.join(child.itertext())
            out.append(Timex(start, pos, child.get('type', ''),
                             child.get('value', ''), child.get('mod'), inner))
        if child.tail:
            parts.append(child.tail)
            pos += len(child.tail)
    return pos


def read_tml(path):
    """Read one .tml file; return a Doc.  Raise TimeMLError when it has no
    <TEXT>, or no DCT TIMEX3 with functionInDocument="CREATION_TIME"."""
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as e:
        raise TimeMLError('%s: %s' % (path, e))
    date = None
    for dct in root.iter('DCT'):
        for t in dct.iter('TIMEX3'):
            if t.get('functionInDocument') == 'CREATION_TIME' and t.get('value'):
                date = t.get('value')[:10]
                break
        if date:
            break
    if not date or not re.match(r'\d{4}-\d{2}-\d{2}$', date):
        raise TimeMLError('%s: no creation-time TIMEX3 in <DCT>' % path)
    text_elem = root.find('.//TEXT')
    if text_elem is None:
        raise TimeMLError('%s: no <TEXT> element' % path)
    parts, timexes = [], []
    _walk(text_elem, parts, 0, timexes)
    timexes.sort(key=lambda t: (t.start, t.end))
    return Doc(os.path.basename(path), path, date, ''.join(parts), timexes)


def tml_files(directory):
    """The .tml files of DIRECTORY (recursively), sorted by path."""
    found = []
    for base, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith('.'))
        found.extend(os.path.join(base, f) for f in files
                     if f.endswith('.tml') and not f.startswith('.'))
    return sorted(found)


# Independent check of the offsets: strip the tags from the raw <TEXT> with
# regular expressions (no XML parser) and find the TIMEX3 spans that way.
_ENTITY = re.compile(r'&(lt|gt|amp|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);')
_NAMED = {'lt': '<', 'gt': '>', 'amp': '&', 'quot': '"', 'apos': "'"}


def _unescape(s):
    def one(m):
        e = m.group(1)
        if e in _NAMED:
            return _NAMED[e]
        return chr(int(e[2:], 16) if e[1] == 'x' else int(e[1:]))
    return _ENTITY.sub(one, s)


def raw_check(path):
    """(text, [(start, end, value)]) of PATH's <TEXT> by tag stripping."""
    with open(path, 'rb') as f:
        raw = f.read().decode('utf-8')
    raw = raw.replace('\r\n', '\n').replace('\r', '\n')
    m = re.search(r'<TEXT>(.*)</TEXT>', raw, re.S)
    if not m:
        raise TimeMLError('%s: no <TEXT>' % path)
    body = m.group(1)
    parts, spans, stack, pos = [], [], [], 0
    for tok in re.finditer(r'<(/?)([A-Za-z0-9_]+)([^>]*?)(/?)>|([^<]+)', body):
        if tok.group(5) is not None:
            s = _unescape(tok.group(5))
            parts.append(s)
            pos += len(s)
        elif tok.group(2) == 'TIMEX3':
            if tok.group(1):
                start, value = stack.pop()
                spans.append((start, pos, value))
            elif tok.group(4):
                spans.append((pos, pos, ''))
            else:
                v = re.search(r'\bvalue="([^"]*)"', tok.group(3))
                stack.append((pos, _unescape(v.group(1)) if v else ''))
    spans.sort()
    return ''.join(parts), spans


# ------------------------------------------------------------------ scoring

def match_doc(gold, system):
    """Match one document's timexes.  GOLD and SYSTEM are lists of objects
    with .start and .end.  Return (strict, relaxed): strict the number of
    one-to-one identical-span pairs, relaxed a list of (gold index, system
    index) one-to-one overlapping pairs chosen greedily by largest overlap,
    ties by gold order then system order."""
    used = set()
    strict = 0
    by_span = collections.defaultdict(list)
    for j, s in enumerate(system):
        by_span[(s.start, s.end)].append(j)
    for g in gold:
        for j in by_span.get((g.start, g.end), ()):
            if j not in used:
                used.add(j)
                strict += 1
                break
    cands = []
    for i, g in enumerate(gold):
        for j, s in enumerate(system):
            ov = min(g.end, s.end) - max(g.start, s.start)
            if ov > 0:
                cands.append((-ov, i, j))
    cands.sort()
    gi, sj, pairs = set(), set(), []
    for _ov, i, j in cands:
        if i not in gi and j not in sj:
            gi.add(i)
            sj.add(j)
            pairs.append((i, j))
    pairs.sort()
    return strict, pairs


def _prf(hit, nsys, ngold):
    p = hit / nsys if nsys else 0.0
    r = hit / ngold if ngold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


class Score:
    """Counts over any number of documents; add() one document at a time."""

    def __init__(self):
        self.ngold = self.nsys = self.strict = self.relaxed = 0
        self.type_ok = self.value_ok = self.mod_ok = 0
        self.confusion = collections.Counter()   # (gold type, sys type)
        self.missed = collections.Counter()      # gold type
        self.spurious = collections.Counter()    # sys type
        self.value_errors = []                   # (doc id, gold, sys)
        self.misses = []                         # (doc id, gold)
        self.false = []                          # (doc id, sys)

    def add(self, doc_id, gold, system):
        strict, pairs = match_doc(gold, system)
        self.ngold += len(gold)
        self.nsys += len(system)
        self.strict += strict
        self.relaxed += len(pairs)
        gm, sm = set(), set()
        for i, j in pairs:
            g, s = gold[i], system[j]
            gm.add(i)
            sm.add(j)
            self.confusion[(g.type, s.type)] += 1
            self.type_ok += g.type == s.type
            if g.value == s.value:
                self.value_ok += 1
            else:
                self.value_errors.append((doc_id, g, s))
            self.mod_ok += (g.mod or None) == (s.mod or None)
        for i, g in enumerate(gold):
            if i not in gm:
                self.missed[g.type] += 1
                self.misses.append((doc_id, g))
        for j, s in enumerate(system):
            if j not in sm:
                self.spurious[s.type] += 1
                self.false.append((doc_id, s))

    def metrics(self):
        """{name: percentage}: strict_p/r/f1, relaxed_p/r/f1, type_acc,
        type_f1, value_acc, value_f1, mod_acc."""
        sp, sr, sf = _prf(self.strict, self.nsys, self.ngold)
        rp, rr, rf = _prf(self.relaxed, self.nsys, self.ngold)
        n = self.relaxed
        tacc = self.type_ok / n if n else 0.0
        vacc = self.value_ok / n if n else 0.0
        macc = self.mod_ok / n if n else 0.0
        m = dict(strict_p=sp, strict_r=sr, strict_f1=sf,
                 relaxed_p=rp, relaxed_r=rr, relaxed_f1=rf,
                 type_acc=tacc, type_f1=rf * tacc,
                 value_acc=vacc, value_f1=rf * vacc, mod_acc=macc)
        return {k: 100.0 * v for k, v in m.items()}
