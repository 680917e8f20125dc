"""Shared helpers for the newstag entity benchmarks (python3, stdlib only).

Used by bench/conll-gazetteer, bench/eval-conll and bench/entities:

  paths         where the repository top, the shared data, the newstag
                binary and the shipped rules are
  CoNLL-2003    reading the original IOB1 files, decoding entities the way
                conlleval does, turning documents into text with a
                token -> code-point offset map
  gazetteer     entity strings of a CoNLL file with their majority type,
                and writing a newstag YAML pack (every string quoted)
  scoring       exact-span precision/recall/F1 as conlleval computes it
  newstag       running it on JSONL and checking that it has an entities
                stage at all
"""

import collections
import json
import os
import re
import subprocess
import sys

# ---------------------------------------------------------------- paths


def repo_top():
    """The repository top: git's idea of it, else the bench directory's
    parent (this file is bench/lib/conll.py)."""
    bench = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    try:
        out = subprocess.run(['git', '-C', bench, 'rev-parse', '--show-toplevel'],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                             universal_newlines=True, timeout=30)
        if out.returncode == 0 and out.stdout.strip():
            return out.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    return os.path.dirname(bench)


def data_dir():
    """$NEWSTAG_DATA, else ../shared/data next to the repository top.

    NEWSTAG_DATA may also name a subdirectory (conll2003, reuters21578) as
    bench/throughput accepts; then its parent is the data directory."""
    d = os.environ.get('NEWSTAG_DATA')
    if d:
        d = os.path.abspath(d)
        if os.path.basename(d.rstrip('/')) in ('conll2003', 'reuters21578', 'cities',
                                               'countries', 'organizations'):
            d = os.path.dirname(d.rstrip('/'))
        return d
    return os.path.normpath(os.path.join(repo_top(), '..', 'shared', 'data'))


def newstag_bin():
    return os.environ.get('NEWSTAG') or os.path.join(repo_top(), 'newstag')


def rules_dir():
    return os.path.join(repo_top(), 'rules')


def conll_file(name):
    """NAME as given if it exists, else NAME under the data's conll2003/."""
    if os.path.exists(name):
        return name
    p = os.path.join(data_dir(), 'conll2003', name)
    if os.path.exists(p):
        return p
    return name


def die(prog, msg, status=2):
    sys.stderr.write('%s: %s\n' % (prog, msg))
    sys.exit(status)

# ---------------------------------------------------------------- CoNLL-2003

CONLL_TYPES = ('PER', 'LOC', 'ORG', 'MISC')


def read_conll(path):
    """Documents of a CoNLL-2003 file: a list of documents, each a list of
    sentences, each a list of (token, ner_tag).  A -DOCSTART- line starts a
    new document; a blank line ends a sentence.  Tokens before the first
    -DOCSTART- (none in the real files) form a document of their own."""
    docs, doc, sent = [], [], []
    with open(path, encoding='utf-8') as f:
        for lineno, line in enumerate(f, 1):
            fields = line.split()
            if not fields:
                if sent:
                    doc.append(sent)
                    sent = []
                continue
            if fields[0] == '-DOCSTART-':
                if sent:
                    doc.append(sent)
                    sent = []
                if doc:
                    docs.append(doc)
                doc = []
                continue
            if len(fields) < 2:
                raise ValueError('%s:%d: expected "token POS chunk NER"' % (path, lineno))
            sent.append((fields[0], fields[-1]))
    if sent:
        doc.append(sent)
    if doc:
        docs.append(doc)
    return docs


def iob1_chunks(tags):
    """Entity spans of one sentence's tags as (start, end, TYPE), end
    exclusive, decoded as conlleval does (so IOB1 and IOB2 both work): an
    entity starts at B-X, or at I-X when the previous token is not of
    type X; it goes on over I-X tokens of the same type."""
    chunks = []
    start, typ = None, None
    for i, tag in enumerate(tags):
        if tag == 'O' or '-' not in tag:
            if typ is not None:
                chunks.append((start, i, typ))
            start, typ = None, None
            continue
        prefix, t = tag.split('-', 1)
        if prefix == 'B' or t != typ:
            if typ is not None:
                chunks.append((start, i, typ))
            start, typ = i, t
    if typ is not None:
        chunks.append((start, len(tags), typ))
    return chunks


def doc_text(doc):
    """Text of one document and its token map.

    Tokens are joined by single spaces, sentences by "\\n".  Returns
    (text, offsets, sent_of, gold) where offsets[k] = (start, end) of
    document token k in code points, sent_of[k] its sentence number, and
    gold is the set of gold entities as (first_token, end_token, TYPE) in
    document token numbers."""
    parts, offsets, sent_of, gold = [], [], [], set()
    pos, k = 0, 0
    for s, sent in enumerate(doc):
        if s:
            parts.append('\n')
            pos += 1
        base = k
        for j, (tok, _tag) in enumerate(sent):
            if j:
                parts.append(' ')
                pos += 1
            parts.append(tok)
            offsets.append((pos, pos + len(tok)))
            sent_of.append(s)
            pos += len(tok)
            k += 1
        for a, b, t in iob1_chunks([tag for _tok, tag in sent]):
            gold.add((base + a, base + b, t))
    return ''.join(parts), offsets, sent_of, gold

# ---------------------------------------------------------------- gazetteer

TYPE_NAMES = {'PER': 'person', 'ORG': 'organization', 'LOC': 'location', 'MISC': 'misc'}
# Tie order when a string has several types equally often.
TIE_ORDER = ('PER', 'LOC', 'ORG', 'MISC')


def keep_alias(s):
    """False for strings a gazetteer should not list: single characters,
    lowercase-only strings (no capital letter), and strings without a
    letter (numbers, punctuation)."""
    if len(s) <= 1:
        return False
    if not any(c.isalpha() for c in s):
        return False
    if s == s.lower():
        return False
    return True


def entity_strings(paths):
    """Counter of (string, TYPE) over every entity of the CoNLL files."""
    counts = collections.Counter()
    for path in paths:
        for doc in read_conll(path):
            for sent in doc:
                toks = [t for t, _ in sent]
                for a, b, t in iob1_chunks([tag for _, tag in sent]):
                    counts[(' '.join(toks[a:b]), t)] += 1
    return counts


def majority_types(counts):
    """{string: TYPE} with each string's most frequent type, ties broken
    by TIE_ORDER (PER > LOC > ORG > MISC); strings keep_alias() rejects
    are left out."""
    by = collections.defaultdict(dict)
    for (s, t), n in counts.items():
        by[s][t] = n
    out = {}
    for s, types in by.items():
        if not keep_alias(s):
            continue
        out[s] = max(types, key=lambda t: (types[t], -TIE_ORDER.index(t)
                                           if t in TIE_ORDER else -99))
    return out


def free_occurrences(paths, strings):
    """Counter {string: n}: how often each of STRINGS occurs as a token
    sequence (case exact) in the CoNLL files, not counting occurrences
    strictly inside a longer gold entity ("Akram" in "Wasim Akram")."""
    occ = collections.Counter()
    longest = max((len(s.split(' ')) for s in strings), default=1)
    for path in paths:
        for doc in read_conll(path):
            for sent in doc:
                toks = [t for t, _ in sent]
                inside = [None] * len(toks)   # span of the gold entity over each token
                for a, b, _t in iob1_chunks([tag for _, tag in sent]):
                    for k in range(a, b):
                        inside[k] = (a, b)
                for i in range(len(toks)):
                    for n in range(1, min(longest, len(toks) - i) + 1):
                        s = ' '.join(toks[i:i + n])
                        if s not in strings:
                            continue
                        g = inside[i]
                        if g and g[0] <= i and i + n <= g[1] and (g[0], g[1]) != (i, i + n):
                            continue
                        occ[s] += 1
    return occ


def reliable_strings(strings, counts, occ, min_ratio):
    """STRINGS ({string: TYPE}) without those that are an entity in fewer
    than MIN_RATIO of their free occurrences (OCC): "The", "Wednesday",
    "Inc" are each a training entity once or twice but are ordinary words
    hundreds of times."""
    ent = collections.Counter()
    for (s, _t), n in counts.items():
        ent[s] += n
    return {s: t for s, t in strings.items()
            if ent[s] >= min_ratio * max(occ.get(s, 0), ent[s])}


def first_names(paths, min_count=1, max_other=1.0):
    """Given names learnt from PER entities: tokens written Xxxx that start
    a PER entity of two or more tokens at least MIN_COUNT times and occur
    otherwise (outside entities, or first in an entity of another type) at
    most MAX_OTHER times as often.  Sorted."""
    first, other = collections.Counter(), collections.Counter()
    for path in paths:
        for doc in read_conll(path):
            for sent in doc:
                toks = [t for t, _ in sent]
                covered = set()
                for a, b, t in iob1_chunks([tag for _, tag in sent]):
                    covered.update(range(a, b))
                    if t == 'PER' and b - a >= 2:
                        first[toks[a]] += 1
                    elif t != 'PER':
                        other[toks[a]] += 1
                for i, w in enumerate(toks):
                    if i not in covered:
                        other[w] += 1
    return sorted(w for w, n in first.items()
                  if n >= min_count and other[w] <= max_other * n and len(w) >= 2
                  and w[0].isupper() and w[1:].isalpha() and w[1:].islower())


# A pattern for the pack: a learnt given name and one to three
# capitalised name words after it ("Jesper Parnevik", "Filip De Wilde").
# The token shapes are those of rules/entities/people.yaml; {nonname} is
# its class of capitalised words that are never part of a name.
FIRST_NAME_PATTERN = r"""(?x)
(?(DEFINE)
  (?<tok>  (?:\p{Lu}['’])?+ \p{Lu}[\p{Ll}\p{M}]++ (?:\p{Lu}[\p{Ll}\p{M}]++)?+ (?:-\p{Lu}[\p{Ll}\p{M}]++)*+ )
  (?<part> (?:de|da|di|del|della|dos|das|do|du|van|von|der|den|ter|ten|le|la|bin|ibn|ben) (?![\p{L}\p{M}]) )
  (?<word> (?! (?:{nonname}) (?![\p{L}\p{M}]) ) (?&tok) (?![\p{L}\p{M}\d]) )
)
(?<![\p{L}\p{M}\d])
(?<name> (?:{conll_first_name}) (?: (?:\h+(?&part)){0,2}+ \h+ (?&word) ){1,3} )
"""


def write_patterns(out, names):
    """Append the classes and patterns sections of the pack to OUT."""
    if not names:
        return
    out.write('classes:\n  conll_first_name:\n')
    for n in names:
        out.write('    - %s\n' % yaml_quote(n))
    out.write('patterns:\n  - id: conll-person-after-first-name\n    type: person\n'
              '    regex: %s\n' % yaml_quote(FIRST_NAME_PATTERN))


def slug(s):
    """Lowercase ASCII letters and digits, other runs become '-'."""
    out = re.sub(r'[^a-z0-9]+', '-', s.lower()).strip('-')
    if not out:
        out = 'u' + '-'.join('%x' % ord(c) for c in s)[:60]
    return out


def yaml_quote(s):
    """A YAML double-quoted scalar for s: backslash, double quote and
    control characters escaped; everything else (UTF-8 included) as is."""
    out = ['"']
    for c in s:
        o = ord(c)
        if c == '\\':
            out.append('\\\\')
        elif c == '"':
            out.append('\\"')
        elif c == '\t':
            out.append('\\t')
        elif c == '\n':
            out.append('\\n')
        elif o < 0x20 or o == 0x7f or 0x80 <= o < 0xa0 or o in (0x2028, 0x2029, 0xfeff):
            out.append('\\u%04x' % o if o > 0xff else '\\x%02x' % o)
        else:
            out.append(c)
    out.append('"')
    return ''.join(out)


# case: how CoNLL aliases are matched.  See bench/conll-gazetteer --help.
CASE_MODES = ('mixed', 'exact', 'fold', 'auto')


def alias_case(alias, mode):
    """The case: option for one alias under MODE, or None for the default
    (auto)."""
    if mode == 'mixed':
        return 'fold' if ' ' in alias else 'exact'
    if mode == 'auto':
        return None
    return mode


def write_pack(out, entries, header=''):
    """Write a newstag YAML pack.  entries: iterable of dicts with id, type,
    label, aliases (list of (text, case-or-None)), optional priority."""
    for line in header.splitlines():
        out.write(('# ' + line).rstrip() + '\n')
    out.write('entities:\n')
    for e in entries:
        out.write('  - id: %s\n' % yaml_quote(e['id']))
        out.write('    type: %s\n' % e['type'])
        out.write('    label: %s\n' % yaml_quote(e['label']))
        if e.get('priority'):
            out.write('    priority: %d\n' % e['priority'])
        out.write('    aliases:\n')
        for text, case in e['aliases']:
            if case:
                out.write('      - { text: %s, case: %s }\n' % (yaml_quote(text), case))
            else:
                out.write('      - %s\n' % yaml_quote(text))


def conll_entries(strings, counts, mode='exact'):
    """Pack entries from {string: TYPE}: one entry per (type, slug); the
    label is the entry's most frequent string."""
    freq = collections.Counter()
    for (s, _t), n in counts.items():
        freq[s] += n
    groups = collections.OrderedDict()
    for s in sorted(strings):
        t = strings[s]
        key = 'conll:%s:%s' % (TYPE_NAMES[t], slug(s))
        groups.setdefault((key, t), []).append(s)
    for (key, t), aliases in groups.items():
        aliases.sort(key=lambda s: (-freq[s], s))
        yield {'id': key, 'type': TYPE_NAMES[t], 'label': aliases[0],
               'aliases': [(a, alias_case(a, mode)) for a in aliases]}

# ---------------------------------------------------------------- scoring


def score(gold, pred):
    """gold, pred: sets of (doc, start, end, TYPE).  Returns
    {TYPE or 'ALL': (n_gold, n_pred, n_correct, P, R, F1)} with P, R, F1 in
    percent, 0 when undefined, as conlleval prints them."""
    types = sorted({g[3] for g in gold} | {p[3] for p in pred})
    res = {}
    for t in types + ['ALL']:
        g = {x for x in gold if t == 'ALL' or x[3] == t}
        p = {x for x in pred if t == 'ALL' or x[3] == t}
        c = len(g & p)
        prec = 100.0 * c / len(p) if p else 0.0
        rec = 100.0 * c / len(g) if g else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        res[t] = (len(g), len(p), c, prec, rec, f1)
    return res


def score_table(res):
    lines = ['%-6s %7s %7s %7s %8s %8s %8s' % ('type', 'gold', 'pred', 'correct',
                                              'prec', 'recall', 'F1')]
    for t in [t for t in res if t != 'ALL'] + ['ALL']:
        g, p, c, pr, rc, f = res[t]
        lines.append('%-6s %7d %7d %7d %8.2f %8.2f %8.2f' % (t, g, p, c, pr, rc, f))
    return '\n'.join(lines)


def newstag_type(t):
    """CoNLL type of a newstag entity type."""
    return {'person': 'PER', 'organization': 'ORG', 'location': 'LOC'}.get(t, 'MISC')


def mentions_to_spans(text, offsets, sent_of, mentions, stats):
    """Token spans (first, end, TYPE) of newstag mentions in one document.

    A mention must start at a token's start and end at a token's end, and
    stay within one sentence; others are dropped and counted in stats
    ('dropped_boundary', 'dropped_sentence', with a few 'examples').
    Overlaps are resolved leftmost-longest: mentions by start, the longest
    first at a start, and a mention overlapping one kept is dropped
    ('dropped_overlap')."""
    starts = {s: k for k, (s, _e) in enumerate(offsets)}
    ends = {e: k for k, (_s, e) in enumerate(offsets)}
    spans = []
    for m in mentions:
        a, b = m['start'], m['end']
        if a in starts and b in ends and starts[a] <= ends[b]:
            ka, kb = starts[a], ends[b]
            if sent_of[ka] != sent_of[kb]:
                stats['dropped_sentence'] += 1
                continue
            spans.append((ka, kb + 1, newstag_type(m.get('type'))))
        else:
            stats['dropped_boundary'] += 1
            ex = stats.setdefault('examples', [])
            if len(ex) < 10:
                lo = max(0, a - 15)
                ex.append('%r in ...%s...' % (m.get('text', text[a:b]),
                                              text[lo:b + 15].replace('\n', ' | ')))
    spans.sort(key=lambda x: (x[0], -(x[1] - x[0])))
    kept, last_end = [], -1
    for sp in spans:
        if sp[0] < last_end:
            stats['dropped_overlap'] += 1
            continue
        kept.append(sp)
        last_end = sp[1]
    return kept

# ---------------------------------------------------------------- newstag

NO_ENTITIES = ('newstag has no entities stage yet: its JSONL output has no '
               '"entities" array, or it found nothing with a pack that lists '
               'a word of the text (a pack listing "Zanzibar", the text '
               '"Talks in Zanzibar ended."; command: %s)')


def check_entities_stage(prog, newstag, tmp):
    """Exit 2 with a clear message unless newstag's entities stage finds a
    gazetteer alias in a one-line text: a canary run, so that an empty
    entities array on the real data is not mistaken for a bad score."""
    pack = os.path.join(tmp, 'canary.yaml')
    doc = os.path.join(tmp, 'canary.jsonl')
    with open(pack, 'w', encoding='utf-8') as f:
        write_pack(f, [{'id': 'canary:zanzibar', 'type': 'location',
                        'label': 'Zanzibar', 'aliases': [('Zanzibar', None)]}])
    with open(doc, 'w', encoding='utf-8') as f:
        f.write(json.dumps({'id': 'canary', 'text': 'Talks in Zanzibar ended.'}) + '\n')
    cmd = [newstag, '--input', 'jsonl', '--format', 'jsonl', '--stages',
           'normalize,entities', '--rules', pack, doc]
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           universal_newlines=True, timeout=120)
    except (OSError, subprocess.SubprocessError) as e:
        die(prog, '%s: %s' % (newstag, e))
    if p.returncode != 0:
        die(prog, 'canary run failed (status %d): %s\n  %s' % (
            p.returncode, ' '.join(cmd), p.stderr.strip()[:500]))
    try:
        rec = json.loads(p.stdout.splitlines()[0])
    except (IndexError, ValueError):
        die(prog, 'canary run printed no JSON record: %s' % ' '.join(cmd))
    ents = rec.get('entities')
    if not isinstance(ents, list) or not any(
            e.get('start') == 9 and e.get('end') == 17 for e in ents if isinstance(e, dict)):
        die(prog, NO_ENTITIES % ' '.join(cmd))
