/* gazetteer.c - one trie for all aliases, walked from every word start.
 *
 * Aliases and text are folded into the same alphabet (fold.h: typographic,
 * Unicode case folding, marks stripped; white space and hyphens collapse
 * into one space), so one comparison covers "Türk"/"Turk",
 * "Secretary-General"/"Secretary General" and curly/straight apostrophes.
 *
 * The aliases form a trie (Fredkin, "Trie memory", CACM 3(9), 1960).
 * Because a match must begin at a word start, no Aho-Corasick failure
 * links (CACM 18(6), 1975) are needed: the scan walks the trie from each
 * word start as far as the text follows it, remembers every alias end that
 * falls on a word end, and takes the longest one the caller accepts
 * (leftmost-longest, like POSIX regex and GATE's gazetteer).  In scripts
 * written without spaces (fold.h: nt_is_unspaced_cp) each letter is a
 * word of its own, so Chinese and Japanese aliases match mid-sentence.  The walk from
 * one start is bounded by the longest alias, so an article costs
 * O(length x longest alias) whatever the number of aliases.
 *
 * The trie has two forms.  While aliases are added, its edges live in one
 * open-addressing hash table keyed by (node, code point), which grows in
 * one pass with no relocation.  nt_gaz_seal then lays it out for scanning
 * (and for the cache) as one static array of node records: a node is the
 * offset of its record, which holds its number of arcs, its first output
 * and its arcs sorted by code point, found by binary search -- a list
 * trie laid out flat, rather than a double-array (Aoe, IEEE TSE 15(9),
 * 1989), whose placement search is slow to build for 10^5 aliases.  A step
 * reads one record, usually one cache line, where separate arrays of arc
 * starts and arcs (the compressed sparse row layout) cost two misses; on
 * the 66k-alias bench pack, normalize,entities takes 5-8% less CPU time
 * for it.  The nodes of the first three levels, which most walks reach,
 * are laid out first and breadth-first, so that they share few cache
 * lines; below them each subtree is laid out in preorder, where a node's
 * only child is the next record, so the single-child tails of most
 * aliases are read from consecutive memory (together about 4% faster than
 * preorder throughout).  The records take about a third of the hash
 * table's room (8 bytes an arc and 8 a node, against a 16-byte slot at
 * most 3/4 full).
 *
 * Aliases that must match case (or accents) exactly keep their unfolded
 * form; a folded match is then checked against it.
 *
 * Most word starts fail within two characters, so the nodes reached by the
 * first one and two ASCII characters are also kept in two small direct
 * tables (128 and 128 x 128 entries, 64 KiB), which stay in cache.
 *
 * Most of the rest fail within the first word, after a few steps with a
 * cache miss each.  So before walking, the first word of the text there is
 * hashed and looked up in a bit set of the aliases' first words (a Bloom
 * filter with one hash function, Bloom, CACM 13(7), 1970; 16 bits an
 * alias): a word that starts no alias is passed over after one probe.
 * The 66k-alias bench runs 8% faster for it.
 *
 * A first word that passes is then looked up whole, when the text build
 * hashed it (struct nt_gaz_head), in a hash table of the aliases' first
 * words (open addressing, linear probing), which gives the trie node at
 * its end: one probe and one comparison of its code points instead of a
 * step, and usually a cache miss, a character.  The slot also says what
 * the aliases go on with after the word (a space and which ASCII letter
 * or digit, a space and something else, or another mark): most walks,
 * from a common word that begins a few aliases ("the", "new"), stop
 * there without reading the trie. */
#include "gazetteer.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "err.h"
#include "fnv.h"
#include "fold.h"

struct nt_gaz_out {
	int value;
	unsigned flags;
	uint32_t next;       /* index + 1 of the next output of the same node, 0 ends */
	uint32_t exact;      /* offset of the unfolded key in g->exact (flags != 0) */
	uint32_t exact_len;
};

struct nt_gaz_edge {     /* an edge of the trie being built */
	uint64_t key;        /* (parent << 21 | code point) + 1; 0 = empty */
	uint32_t child;      /* child node, | NT_GAZ_TERMINAL when an alias ends there */
};

struct nt_gaz_arc {      /* an edge of the sealed trie */
	int32_t cp;
	uint32_t child;      /* as in nt_gaz_edge */
};

struct nt_gaz_first {    /* a slot of the first-word table */
	uint64_t hash;       /* of the word's folds, with nt_fnv_step */
	uint32_t node;       /* the node at its end, as a stored child (NT_GAZ_TERMINAL) */
	uint32_t word;       /* where g->first_words has its length, then its folds;
			      * 0: the slot is empty */
	uint64_t next;       /* what aliases go on with after it (nt_gaz_next_bit) */
};

/* Bits of struct nt_gaz_first's next: the bit (nt_gaz_next_bit) of each
 * character that follows a space after the word in some alias, and
 * NT_GAZ_NEXT_MARK when one goes on with something else than a space. */
#define NT_GAZ_NEXT_OTHER 62
#define NT_GAZ_NEXT_MARK 63

/* Set in a stored child when the child ends an alias, so the scan learns
 * it without reading the child's record (one cache miss less per step). */
#define NT_GAZ_TERMINAL 0x80000000u
#define NT_GAZ_NODE(v) ((v) & ~NT_GAZ_TERMINAL)

/* A sealed node's record in g->trie: its number of arcs, index + 1 of its
 * first output (0 = none), then its arcs (struct nt_gaz_arc, by code
 * point). */
enum { NT_GAZ_REC_NARCS, NT_GAZ_REC_OUT, NT_GAZ_REC_ARCS };

/* Nodes a gazetteer may have: records of at most 4 uint32_t a node stay
 * below NT_GAZ_TERMINAL. */
#define NT_GAZ_MAX_NODES ((size_t)1 << 28)

struct nt_gaz {
	struct nt_gaz_edge *edges;   /* building: hash table, edge_mask + 1 slots */
	size_t edge_mask, nedges;
	uint32_t *trie;              /* sealed: the node records (NT_GAZ_REC_*), root at 0 */
	size_t ntrie;                /* its length in uint32_t */
	uint32_t *out_head;          /* building: per node, index + 1 of its first output,
				      * 0 = none */
	size_t nnodes, nodes_cap;
	struct nt_gaz_out *outs;
	size_t nouts, outs_cap;
	int32_t *exact;              /* unfolded keys of exact aliases */
	size_t nexact, exact_cap;
	size_t maxlen;               /* longest folded alias */
	struct nt_gaz_text scratch;  /* the alias being added */
	uint64_t *heads;             /* building: the hash of each alias's first word */
	size_t nheads, heads_cap;
	uint64_t *head_bits;         /* sealed: bit (hash >> head_shift) set for each first word */
	unsigned head_shift;
	struct nt_gaz_first *first;  /* sealed: the first-word table, first_mask + 1 slots */
	size_t first_mask;
	int32_t *first_words;        /* sealed: the words it holds (index 0 unused) */
	size_t nfirst_words, first_words_cap;
	uint32_t root1[128];         /* node after one ASCII code point, 0 = none */
	uint32_t *root2;             /* node after two ASCII code points [c0 * 128 + c1] */
	int mapped;                  /* first, arcs, out_head, outs, exact point into a cache file */
	size_t nvalues;              /* mapped: values must be below this */
};

static size_t
nt_gaz_slot(const struct nt_gaz *g, uint64_t key)
{
	return (size_t)((key * 0x9E3779B97F4A7C15ull) >> 20) & g->edge_mask;
}

/* The filter's bit for first-word hash H.  H is multiplied first: FNV's
 * top bits are poorly mixed (words that differ only in their last letter
 * share most of them): taken raw, they let 7 times as many words through
 * that begin no alias (0.37M of 1.47M walks on the bench pack, against
 * 0.05M of 1.15M now). */
static inline uint64_t
nt_gaz_head_bit(const struct nt_gaz *g, uint64_t h)
{
	return (h * 0x9E3779B97F4A7C15ull) >> g->head_shift;
}

static inline int
nt_gaz_head_in(const struct nt_gaz *g, uint64_t h)
{
	uint64_t b = nt_gaz_head_bit(g, h);

	return (int)(g->head_bits[b / 64] >> (b % 64) & 1);
}

/* Nonzero if an alias may start at word start HD of T: the text from
 * there to some word end within its run of word characters (a soft
 * boundary or the run's end) is the first word of an alias.  A match
 * needs it: an alias's first word ends where it has a non-word character,
 * which the text must have too, or at its end, which must be a word end.
 * No first word is longer than the longest alias, which bounds the look (a
 * run of Han ideographs has a soft boundary at every element, and starts
 * there too).  The build hashed most first words already (HD->len). */
static int
nt_gaz_head_ok(const struct nt_gaz *g, const struct nt_gaz_text *t,
	       const struct nt_gaz_head *hd)
{
	const struct nt_gaz_elem *e = t->e;
	uint64_t h = NT_FNV_SEED;
	size_t j, k = hd->k, n = t->n;

	if (!g->head_bits)   /* not sealed */
		return 1;
	if (hd->len)
		return hd->len <= g->maxlen && nt_gaz_head_in(g, hd->hash);
	for (j = k; j < n && (e[j].flags & NT_GAZ_WORD); j++) {
		if (j > k && (e[j].flags & NT_GAZ_SOFT) && nt_gaz_head_in(g, h))
			return 1;
		if (j - k == g->maxlen)
			return 0;
		h = nt_fnv_step(h, (uint32_t)e[j].fold);
	}
	return nt_gaz_head_in(g, h);
}

/* Nonzero if a record of sealed G can start at NODE: its header lies
 * within the trie (a damaged cache cannot point outside). */
static inline int
nt_gaz_record_ok(const struct nt_gaz *g, uint32_t node)
{
	return node <= g->ntrie - NT_GAZ_REC_ARCS;
}

/* The stored child of NODE by CP (with NT_GAZ_TERMINAL), or 0 (the root
 * is never a child). */
static uint32_t
nt_gaz_child(const struct nt_gaz *g, uint32_t node, int32_t cp)
{
	const struct nt_gaz_arc *arcs;
	uint32_t lo, hi;

	if (!g->trie) {   /* still building */
		uint64_t key = (((uint64_t)node << 21) | (uint32_t)cp) + 1;
		size_t i;

		for (i = nt_gaz_slot(g, key); g->edges[i].key; i = (i + 1) & g->edge_mask)
			if (g->edges[i].key == key)
				return g->edges[i].child;
		return 0;
	}
	/* The record and its arcs lie within the trie, and so does the header
	 * of the child returned. */
	if (!nt_gaz_record_ok(g, node))
		return 0;
	hi = g->trie[node + NT_GAZ_REC_NARCS];
	if (hi > (g->ntrie - node - NT_GAZ_REC_ARCS) / 2)
		return 0;
	arcs = (const struct nt_gaz_arc *)(g->trie + node + NT_GAZ_REC_ARCS);
	lo = 0;
	while (hi - lo > 8) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (arcs[mid].cp <= cp)
			lo = mid;
		else
			hi = mid;
	}
	for (; lo < hi; lo++)
		if (arcs[lo].cp == cp)
			return nt_gaz_record_ok(g, NT_GAZ_NODE(arcs[lo].child)) ? arcs[lo].child : 0;
	return 0;
}

/* Index + 1 of the first output of NODE (a node nt_gaz_child returned, or
 * the root), 0 for none. */
static uint32_t
nt_gaz_out_head(const struct nt_gaz *g, uint32_t node)
{
	if (!g->trie)
		return node < g->nnodes ? g->out_head[node] : 0;
	return node + NT_GAZ_REC_OUT < g->ntrie ? g->trie[node + NT_GAZ_REC_OUT] : 0;
}

/* Nonzero if output number O (1-based) of G is usable: always for a built
 * gazetteer, checked for one read from a cache. */
static int
nt_gaz_out_ok(const struct nt_gaz *g, uint32_t o)
{
	const struct nt_gaz_out *out;

	if (!g->mapped)
		return 1;
	if (o > g->nouts)
		return 0;
	out = &g->outs[o - 1];
	return out->next <= g->nouts && out->exact <= g->nexact &&
	       out->exact_len <= g->nexact - out->exact && out->value >= 0 &&
	       (size_t)out->value < g->nvalues;
}

/* Mark the edge from PARENT by CP (and its direct-table copies) as ending
 * an alias. */
static void
nt_gaz_mark_terminal(struct nt_gaz *g, uint32_t parent, const struct nt_gaz_text *t)
{
	uint64_t key = (((uint64_t)parent << 21) | (uint32_t)t->e[t->n - 1].fold) + 1;
	size_t i = nt_gaz_slot(g, key);

	while (g->edges[i].key != key)
		i = (i + 1) & g->edge_mask;
	g->edges[i].child |= NT_GAZ_TERMINAL;
	if (t->n == 1 && t->e[0].fold < 128)
		g->root1[t->e[0].fold] |= NT_GAZ_TERMINAL;
	else if (t->n == 2 && t->e[0].fold < 128 && t->e[1].fold < 128)
		g->root2[t->e[0].fold * 128 + t->e[1].fold] |= NT_GAZ_TERMINAL;
}

static void nt_gaz_edge_put(struct nt_gaz *g, uint64_t key, uint32_t child);

/* Levels of the sealed trie numbered breadth-first (see the file comment). */
#define NT_GAZ_TOP 3

static void
nt_gaz_rehash(struct nt_gaz *g)
{
	struct nt_gaz_edge *old = g->edges;
	size_t n = g->edge_mask + 1, i;

	g->edge_mask = n * 2 - 1;
	g->edges = nt_xcalloc(n * 2, sizeof *g->edges);
	g->nedges = 0;
	for (i = 0; i < n; i++)
		if (old[i].key)
			nt_gaz_edge_put(g, old[i].key, old[i].child);
	free(old);
}

static void
nt_gaz_edge_put(struct nt_gaz *g, uint64_t key, uint32_t child)
{
	size_t i;

	if ((g->nedges + 1) * 4 > (g->edge_mask + 1) * 3)
		nt_gaz_rehash(g);
	i = nt_gaz_slot(g, key);
	while (g->edges[i].key)
		i = (i + 1) & g->edge_mask;
	g->edges[i].key = key;
	g->edges[i].child = child;
	g->nedges++;
}

static uint32_t
nt_gaz_new_node(struct nt_gaz *g)
{
	nt_grow(&g->out_head, &g->nodes_cap, g->nnodes + 1, sizeof *g->out_head);
	g->out_head[g->nnodes] = 0;
	return (uint32_t)g->nnodes++;
}

struct nt_gaz *
nt_gaz_new(void)
{
	struct nt_gaz *g = nt_xcalloc(1, sizeof *g);

	g->edge_mask = 1023;
	g->edges = nt_xcalloc(g->edge_mask + 1, sizeof *g->edges);
	g->root2 = nt_xcalloc(128 * 128, sizeof *g->root2);
	nt_gaz_new_node(g);   /* the root, node 0 */
	return g;
}

void
nt_gaz_free(struct nt_gaz *g)
{
	if (!g)
		return;
	free(g->edges);
	free(g->out_head);
	if (!g->mapped) {
		free(g->trie);
		free(g->outs);
		free(g->exact);
	}
	free(g->root2);
	free(g->heads);
	if (!g->mapped) {
		free(g->head_bits);
		free(g->first);
		free(g->first_words);
	}
	nt_gaz_text_free(&g->scratch);
	free(g);
}

size_t
nt_gaz_count(const struct nt_gaz *g)
{
	return g->nouts;
}

size_t
nt_gaz_nodes(const struct nt_gaz *g)
{
	return g->nnodes;
}

/* The word flags of an element whose fold is a word character: WORD, and
 * START after an element with flags PREV (0 for none) that is no word
 * character, or at a soft boundary (SOFT, NT_GAZ_SOFT or 0). */
static inline unsigned
nt_gaz_word_flags(unsigned prev, unsigned soft)
{
	return NT_GAZ_WORD | (!(prev & NT_GAZ_WORD) || soft ? NT_GAZ_START : 0);
}

/* Append one element to T; FLAGS may hold NT_GAZ_SOFT, the word flags are
 * worked out here. */
static inline void
nt_gaz_put(struct nt_gaz_text *t, int32_t fold, int32_t raw, uint32_t vs, uint32_t ve,
	   uint8_t flags)
{
	struct nt_gaz_elem *e;

	if (t->n == t->cap)
		nt_grow(&t->e, &t->cap, t->n + 1, sizeof *t->e);
	if (nt_is_word_cp(fold))
		flags |= (uint8_t)nt_gaz_word_flags(t->n ? t->e[t->n - 1].flags : 0,
						    flags & NT_GAZ_SOFT);
	e = &t->e[t->n++];
	e->fold = fold;
	e->raw = raw;
	e->vstart = vs;
	e->vend = ve;
	e->flags = flags;
}

/* The folded form of the ASCII code point CP. */
static inline int32_t
nt_gaz_fold_ascii(int32_t cp)
{
	return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
}

/* Nonzero if CP is white space or a hyphen: a run of them is one ' '. */
static inline int
nt_gaz_is_gap(int32_t cp)
{
	return cp == ' ' || cp == '\n' || cp == '\t' || cp == '-';
}

/* Append code point CP, from view bytes [vs, ve), to T: space runs and
 * hyphens collapse into one ' ' element, everything else is folded. */
static void
nt_gaz_push(struct nt_gaz_text *t, int32_t cp, uint32_t vs, uint32_t ve, uint8_t soft)
{
	int32_t f[NT_FOLD_MAX];
	int nf, i;

	if (nt_gaz_is_gap(cp)) {
		struct nt_gaz_elem *last = t->n ? &t->e[t->n - 1] : NULL;

		if (last && last->fold == ' ') {
			last->vend = ve;
			if (cp == '\n' && last->raw == '\n')
				last->flags |= NT_GAZ_BREAK;
			if (cp == '\n')
				last->raw = '\n';   /* remembers a newline; compared as ' ' */
			return;
		}
		nf = 1;
		f[0] = ' ';
		cp = cp == '\n' ? '\n' : ' ';
	} else if (cp < 0x80) {
		nf = 1;
		f[0] = nt_gaz_fold_ascii(cp);
	} else {
		nf = nt_fold_cp(cp, NT_FOLD_CASE | NT_FOLD_ACCENT, f);
	}
	for (i = 0; i < nf; i++)
		nt_gaz_put(t, f[i], i == 0 ? cp : -1, vs, ve, i == 0 ? soft : 0);
}

/* Set *E to the element of ASCII character C at view byte I. */
static inline void
nt_gaz_elem_ascii(struct nt_gaz_elem *e, int32_t fold, unsigned c, size_t i, unsigned flags)
{
	e->fold = fold;
	e->raw = (int32_t)c;
	e->vstart = (uint32_t)i;
	e->vend = (uint32_t)i + 1;
	e->flags = (uint8_t)flags;
}

/* Add a word start at element K of T, its first word not hashed. */
static void
nt_gaz_head_add(struct nt_gaz_text *t, size_t k)
{
	if (t->nheads == t->heads_cap)
		nt_grow(&t->heads, &t->heads_cap, t->nheads + 1, sizeof *t->heads);
	t->heads[t->nheads++] = (struct nt_gaz_head){ (uint32_t)k, 0, 0 };
}

/* The first word of T's word start OPEN - 1 ends before element N: give
 * it its length and hash H. */
static inline void
nt_gaz_head_close(struct nt_gaz_text *t, size_t open, size_t n, uint64_t h)
{
	struct nt_gaz_head *hd = &t->heads[open - 1];

	hd->len = (uint32_t)(n - hd->k);
	hd->hash = h;
}

/* The common cases of nt_gaz_push -- an ASCII character that is no gap,
 * and a plain space after a word -- are done inline here, with T's fields
 * in locals (a store to the uint8_t flags may alias anything, so the
 * compiler would otherwise reload them at every element).  The word flags
 * are worked out here, once, for the scans that ask at every element.
 * So are the word starts, and the hash of each first word made of such
 * characters alone (OPEN is index + 1 of the word start being hashed, H
 * its hash so far): the scans then test a word start against the
 * gazetteer's first words without reading its elements again. */
void
nt_gaz_text_build(struct nt_gaz_text *t, const struct nt_article *a)
{
	const utf8proc_uint8_t *v = (const utf8proc_uint8_t *)a->view;
	struct nt_gaz_elem *e;
	size_t i = 0, n = 0, cap, len = a->view_len, open = 0, j;
	unsigned soft = 0, prev = 0;   /* prev: the flags of element n - 1 */
	uint64_t h = 0;

	t->n = 0;
	t->nheads = 0;
	if (t->cap < len + 1)
		nt_grow(&t->e, &t->cap, len + 1, sizeof *t->e);
	e = t->e;
	cap = t->cap;
	while (i < len) {
		unsigned c = v[i];
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = 1;

		if (c < 0x80) {
			int32_t fold = nt_fold_ascii_word[c];
			unsigned f;

			if (cap - n <= len - i) {   /* room for an element a byte, to the end */
				t->n = n;
				nt_grow(&t->e, &t->cap, n + (len - i) + 1, sizeof *t->e);
				e = t->e;
				cap = t->cap;
			}
			if (fold) {   /* a letter or digit, and the rest of its word */
				f = soft | nt_gaz_word_flags(prev, soft);
				if (f & NT_GAZ_START) {
					/* a word being hashed whose run goes on
					 * past a soft boundary here keeps len 0:
					 * the scans look at the boundary */
					nt_gaz_head_add(t, n);
					open = t->nheads;
					h = NT_FNV_SEED;
				}
				do {
					h = nt_fnv_step(h, (uint32_t)fold);
					nt_gaz_elem_ascii(&e[n++], fold, v[i], i, f);
					f = NT_GAZ_WORD;
				} while ((fold = nt_fold_ascii_word[v[++i]]));   /* v[len] is NUL */
				prev = NT_GAZ_WORD;
				soft = 0;
				continue;
			}
			if (nt_gaz_is_gap((int32_t)c) &&
			    (c != ' ' || !(prev & NT_GAZ_WORD) || nt_article_soft_space(a, i)))
				goto slow;
			/* punctuation, or a space after a word */
			if (open) {
				nt_gaz_head_close(t, open, n, h);
				open = 0;
			}
			nt_gaz_elem_ascii(&e[n++], (int32_t)c, c, i, soft);
			prev = soft;
			soft = 0;
			i++;
			continue;
		}
	slow:
		cp = (utf8proc_int32_t)c;
		if (c >= 0x80 && (k = utf8proc_iterate(v + i, (utf8proc_ssize_t)(len - i), &cp)) <= 0) {
			cp = 0xFFFD;
			k = 1;
		}
		if (nt_article_soft_space(a, i)) {
			soft = NT_GAZ_SOFT;
		} else {
			/* a letter of an unspaced script is a word of its own */
			unsigned unspaced = nt_is_unspaced_cp(cp) ? NT_GAZ_SOFT : 0;
			size_t n0 = n;

			t->n = n;
			nt_gaz_push(t, cp, (uint32_t)i, (uint32_t)(i + (size_t)k),
				    (uint8_t)(soft | unspaced));
			n = t->n;
			e = t->e;
			cap = t->cap;
			prev = n ? e[n - 1].flags : 0;
			soft = unspaced;
			if (open && n > n0) {   /* the word being hashed ends, or goes on here */
				if (!(e[n0].flags & NT_GAZ_WORD))
					nt_gaz_head_close(t, open, n0, h);
				open = 0;
			}
			for (j = n0; j < n; j++)
				if (e[j].flags & NT_GAZ_START)
					nt_gaz_head_add(t, j);
		}
		i += (size_t)k;
	}
	if (open)
		nt_gaz_head_close(t, open, n, h);
	t->n = n;
}

const struct nt_gaz_text *
nt_gaz_text_of(struct nt_article *a)
{
	if (!a->folded)
		a->folded = nt_xcalloc(1, sizeof *a->folded);
	if (!a->folded_ok) {
		nt_gaz_text_build(a->folded, a);
		a->folded_ok = 1;
	}
	return a->folded;
}

void
nt_gaz_text_free(struct nt_gaz_text *t)
{
	free(t->e);
	free(t->heads);
	memset(t, 0, sizeof *t);
}

void
nt_gaz_text_alias(struct nt_gaz_text *t, const char *s)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	size_t len = strlen(s), i = 0;

	t->n = t->nheads = 0;
	while (i < len) {
		utf8proc_int32_t cp, typo[NT_FOLD_MAX];
		utf8proc_ssize_t k = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &cp);
		int n, j;

		if (k <= 0) {
			cp = 0xFFFD;
			k = 1;
		}
		n = nt_fold_typo(cp, typo);
		for (j = 0; j < n; j++)
			if (!(typo[j] == ' ' && t->n == 0))
				nt_gaz_push(t, typo[j] == '\n' ? ' ' : typo[j], 0, 0, 0);
		i += (size_t)k;
	}
	if (t->n > 0 && t->e[t->n - 1].fold == ' ')
		t->n--;
}

int
nt_gaz_add(struct nt_gaz *g, const char *alias, int value, unsigned flags)
{
	struct nt_gaz_text t;
	struct nt_gaz_out *o;
	uint32_t node = 0, parent = 0;
	size_t i;
	int words = 0;

	if (g->trie)
		return -1;
	nt_gaz_text_alias(&g->scratch, alias);
	t = g->scratch;
	for (i = 0; i < t.n; i++)
		words |= nt_is_word_cp(t.e[i].fold);
	if (!words || t.n > NT_GAZ_MAX_ALIAS || g->nnodes + t.n > NT_GAZ_MAX_NODES)
		return -1;
	nt_grow(&g->heads, &g->heads_cap, g->nheads + 1, sizeof *g->heads);
	g->heads[g->nheads] = NT_FNV_SEED;
	for (i = 0; i < t.n && nt_is_word_cp(t.e[i].fold); i++)
		g->heads[g->nheads] = nt_fnv_step(g->heads[g->nheads], (uint32_t)t.e[i].fold);
	g->nheads++;
	for (i = 0; i < t.n; i++) {
		uint32_t child = NT_GAZ_NODE(nt_gaz_child(g, node, t.e[i].fold));

		if (!child) {
			child = nt_gaz_new_node(g);
			nt_gaz_edge_put(g, (((uint64_t)node << 21) | (uint32_t)t.e[i].fold) + 1, child);
			if (i == 0 && t.e[0].fold < 128)
				g->root1[t.e[0].fold] = child;
			else if (i == 1 && t.e[0].fold < 128 && t.e[1].fold < 128)
				g->root2[t.e[0].fold * 128 + t.e[1].fold] = child;
		}
		parent = node;
		node = child;
	}
	nt_gaz_mark_terminal(g, parent, &t);
	if (t.n > g->maxlen)
		g->maxlen = t.n;
	nt_grow(&g->outs, &g->outs_cap, g->nouts + 1, sizeof *g->outs);
	o = &g->outs[g->nouts];
	o->value = value;
	o->flags = flags;
	o->next = g->out_head[node];
	o->exact = (uint32_t)g->nexact;
	o->exact_len = 0;
	if (flags) {   /* keep the unfolded form (case folded for accents-only) */
		for (i = 0; i < t.n; i++) {
			int32_t cp = t.e[i].raw, f[NT_FOLD_MAX];

			if (cp < 0)
				continue;
			if (cp == '\n')
				cp = ' ';
			if (!(flags & NT_GAZ_EXACT_CASE) && nt_fold_cp(cp, NT_FOLD_CASE, f) >= 1)
				cp = f[0];
			nt_grow(&g->exact, &g->exact_cap, g->nexact + 1, sizeof *g->exact);
			g->exact[g->nexact++] = cp;
			o->exact_len++;
		}
	}
	g->out_head[node] = (uint32_t)++g->nouts;
	return 0;
}

/* qsort comparison of arcs by code point. */
static int
nt_gaz_arc_cmp(const void *a, const void *b)
{
	int32_t x = ((const struct nt_gaz_arc *)a)->cp, y = ((const struct nt_gaz_arc *)b)->cp;

	return (x > y) - (x < y);
}

/* The edges of G's hash table as arcs grouped by parent (a counting sort),
 * each group by code point: node v's are (*ARCS)[START[v] .. START[v + 1]).
 * Frees the hash table. */
static void
nt_gaz_arcs_by_parent(struct nt_gaz *g, uint32_t **start, struct nt_gaz_arc **arcs)
{
	size_t n = g->nnodes, i;
	uint32_t *st = nt_xcalloc(n + 2, sizeof *st);
	struct nt_gaz_arc *a = nt_xmalloc((g->nedges ? g->nedges : 1) * sizeof *a);

	for (i = 0; i <= g->edge_mask; i++)
		if (g->edges[i].key)
			st[((g->edges[i].key - 1) >> 21) + 2]++;
	for (i = 2; i <= n + 1; i++)
		st[i] += st[i - 1];
	for (i = 0; i <= g->edge_mask; i++)
		if (g->edges[i].key) {
			uint64_t key = g->edges[i].key - 1;

			a[st[(key >> 21) + 1]++] = (struct nt_gaz_arc){ (int32_t)(key & 0x1FFFFF),
									g->edges[i].child };
		}
	free(g->edges);
	g->edges = NULL;
	for (i = 0; i < n; i++)
		qsort(a + st[i], st[i + 1] - st[i], sizeof *a, nt_gaz_arc_cmp);
	*start = st;
	*arcs = a;
}

/* Number the N nodes of the trie given by START and ARCS (as
 * nt_gaz_arcs_by_parent left them): breadth-first to depth NT_GAZ_TOP,
 * then each subtree below in preorder, smallest code point first.  ORDER
 * gets the nodes by new number, RENUM the new number of each node. */
static void
nt_gaz_number(size_t n, const uint32_t *start, const struct nt_gaz_arc *arcs, uint32_t *order,
	      uint32_t *renum)
{
	uint32_t *stack = nt_xmalloc(n * sizeof *stack), v = 1;
	size_t head = 0, level_end, depth, deep, sp = 0, j;

	order[0] = renum[0] = 0;
	for (depth = 0; depth < NT_GAZ_TOP; depth++)   /* level by level */
		for (level_end = v; head < level_end; head++)
			for (j = start[order[head]]; j < start[order[head] + 1]; j++) {
				renum[NT_GAZ_NODE(arcs[j].child)] = v;
				order[v++] = NT_GAZ_NODE(arcs[j].child);
			}
	for (deep = v; head < deep; head++) {   /* order[head]: a node at depth NT_GAZ_TOP */
		uint32_t node = order[head];

		for (;;) {   /* its children, then each one's subtree in preorder */
			for (j = start[node + 1]; j-- > start[node];)
				stack[sp++] = NT_GAZ_NODE(arcs[j].child);
			if (sp == 0)
				break;
			node = stack[--sp];
			renum[node] = v;
			order[v++] = node;
		}
	}
	free(stack);
}

/* The first-word filter: 16 bits an alias, so that about one word in
 * sixteen that starts no alias gets through, between 4 Kibit and 8 Mibit
 * (1 MiB).  The hashes are dropped. */
static void
nt_gaz_seal_heads(struct nt_gaz *g)
{
	size_t bits = 4096, i;

	while (bits < 16 * g->nheads && bits < ((size_t)1 << 23))
		bits *= 2;
	g->head_shift = 64;
	for (i = bits; i > 1; i /= 2)
		g->head_shift--;
	g->head_bits = nt_xcalloc(bits / 64, sizeof *g->head_bits);
	for (i = 0; i < g->nheads; i++) {
		uint64_t b = nt_gaz_head_bit(g, g->heads[i]);

		g->head_bits[b / 64] |= 1ull << (b % 64);
	}
	free(g->heads);
	g->heads = NULL;
	g->nheads = g->heads_cap = 0;
}

/* The slot of sealed G's first-word table where hash H is looked for
 * first. */
static inline size_t
nt_gaz_first_slot(const struct nt_gaz *g, uint64_t h)
{
	return (size_t)((h * 0xC2B2AE3D27D4EB4Full) >> 32) & g->first_mask;
}

/* The bit of struct nt_gaz_first's next for the fold CP after a space:
 * one for each ASCII letter and digit, NT_GAZ_NEXT_OTHER for the rest. */
static inline unsigned
nt_gaz_next_bit(int32_t cp)
{
	if (cp >= 'a' && cp <= 'z')
		return (unsigned)(cp - 'a');
	if (cp >= '0' && cp <= '9')
		return 26 + (unsigned)(cp - '0');
	return NT_GAZ_NEXT_OTHER;
}

/* The arcs of NODE, a node of G as sealed here (not read from a cache:
 * unchecked), and their number in *NARCS. */
static const struct nt_gaz_arc *
nt_gaz_sealed_arcs(const struct nt_gaz *g, uint32_t node, uint32_t *narcs)
{
	*narcs = g->trie[node + NT_GAZ_REC_NARCS];
	return (const struct nt_gaz_arc *)(g->trie + node + NT_GAZ_REC_ARCS);
}

/* The next bits of the aliases that go on from NODE (see struct
 * nt_gaz_first), a node of G as sealed here. */
static uint64_t
nt_gaz_next_bits(const struct nt_gaz *g, uint32_t node)
{
	uint32_t narcs, nafter, a, b;
	const struct nt_gaz_arc *arcs = nt_gaz_sealed_arcs(g, node, &narcs), *after;
	uint64_t next = 0;

	for (a = 0; a < narcs; a++) {
		if (arcs[a].cp != ' ') {
			next |= 1ull << NT_GAZ_NEXT_MARK;
			continue;
		}
		after = nt_gaz_sealed_arcs(g, NT_GAZ_NODE(arcs[a].child), &nafter);
		for (b = 0; b < nafter; b++)
			next |= 1ull << nt_gaz_next_bit(after[b].cp);
	}
	return next;
}

/* Nonzero if, after the first word of a match that ends before element J
 * of T, some alias of first-word slot F may go on (see struct
 * nt_gaz_first): when not, the walk stops before it reads a trie node. */
static inline int
nt_gaz_first_goes_on(const struct nt_gaz_first *f, const struct nt_gaz_text *t, size_t j)
{
	if (j >= t->n)
		return 0;
	if (t->e[j].fold != ' ')
		return (int)(f->next >> NT_GAZ_NEXT_MARK);
	return j + 1 < t->n && (f->next >> nt_gaz_next_bit(t->e[j + 1].fold) & 1);
}

/* Add to G's first-word table (while sealing) the first words that begin
 * at NODE, which is reached from the root by the word characters
 * PATH[0..DEPTH) (hash H) through stored child STORED: NODE ends a first
 * word when an alias ends there or goes on with a non-word character. */
static void
nt_gaz_firsts_from(struct nt_gaz *g, uint32_t node, uint32_t stored, int32_t *path, size_t depth,
		   uint64_t h)
{
	uint32_t narcs, a;
	const struct nt_gaz_arc *arcs = nt_gaz_sealed_arcs(g, node, &narcs);
	int ends = depth > 0 && (stored & NT_GAZ_TERMINAL);

	for (a = 0; a < narcs; a++) {
		if (!nt_is_word_cp(arcs[a].cp)) {
			ends = depth > 0;
		} else if (depth < NT_GAZ_MAX_ALIAS) {
			path[depth] = arcs[a].cp;
			nt_gaz_firsts_from(g, NT_GAZ_NODE(arcs[a].child), arcs[a].child, path,
					   depth + 1, nt_fnv_step(h, (uint32_t)arcs[a].cp));
		}
	}
	if (ends) {
		size_t i = nt_gaz_first_slot(g, h);

		while (g->first[i].word)
			i = (i + 1) & g->first_mask;
		nt_grow(&g->first_words, &g->first_words_cap, g->nfirst_words + depth + 1,
			sizeof *g->first_words);
		g->first[i] = (struct nt_gaz_first){ h, stored, (uint32_t)g->nfirst_words,
						     nt_gaz_next_bits(g, node) };
		g->first_words[g->nfirst_words++] = (int32_t)depth;
		memcpy(g->first_words + g->nfirst_words, path, depth * sizeof *path);
		g->nfirst_words += depth;
	}
}

/* Build sealed G's first-word table: at most half full, so a miss ends
 * within a probe or two. */
static void
nt_gaz_seal_firsts(struct nt_gaz *g)
{
	int32_t path[NT_GAZ_MAX_ALIAS];
	size_t slots = 64;

	while (slots < 2 * g->nouts)
		slots *= 2;
	g->first = nt_xcalloc(slots, sizeof *g->first);
	g->first_mask = slots - 1;
	g->nfirst_words = 1;   /* word 0 marks an empty slot */
	nt_grow(&g->first_words, &g->first_words_cap, 1, sizeof *g->first_words);
	g->first_words[0] = 0;
	nt_gaz_firsts_from(g, 0, 0, path, 0, NT_FNV_SEED);
}

/* The slot of sealed G's first-word table that holds first word HD of
 * T, or NULL when no alias begins with that word.  HD must be hashed
 * (HD->len > 0). */
static const struct nt_gaz_first *
nt_gaz_first_find(const struct nt_gaz *g, const struct nt_gaz_text *t,
		  const struct nt_gaz_head *hd)
{
	size_t i, j, probes = 0;

	for (i = nt_gaz_first_slot(g, hd->hash); g->first[i].word && probes <= g->first_mask;
	     i = (i + 1) & g->first_mask, probes++) {
		const struct nt_gaz_first *f = &g->first[i];
		const int32_t *w;

		if (f->hash != hd->hash || f->word >= g->nfirst_words ||
		    g->nfirst_words - f->word - 1 < hd->len)   /* a damaged cache */
			continue;
		w = g->first_words + f->word;
		if ((uint32_t)w[0] != hd->len)
			continue;
		for (j = 0; j < hd->len && w[1 + j] == t->e[hd->k + j].fold; j++)
			;
		if (j == hd->len)
			return nt_gaz_record_ok(g, NT_GAZ_NODE(f->node)) ? f : NULL;
	}
	return NULL;
}

void
nt_gaz_seal(struct nt_gaz *g)
{
	size_t n = g->nnodes, i, j;
	uint32_t *start, *renum, *order, *off, v, k;
	struct nt_gaz_arc *byparent;

	if (g->trie)
		return;
	nt_gaz_arcs_by_parent(g, &start, &byparent);
	renum = nt_xmalloc(n * sizeof *renum);
	order = nt_xmalloc(n * sizeof *order);
	off = nt_xmalloc(n * sizeof *off);
	nt_gaz_number(n, start, byparent, order, renum);
	for (v = 0, k = 0; v < n; v++) {   /* where each record goes */
		off[v] = k;
		k += NT_GAZ_REC_ARCS + 2 * (start[order[v] + 1] - start[order[v]]);
	}
	g->ntrie = k;
	g->trie = nt_xmalloc(g->ntrie * sizeof *g->trie);
	for (v = 0; v < n; v++) {
		uint32_t old = order[v], *rec = g->trie + off[v];
		struct nt_gaz_arc *arcs = (struct nt_gaz_arc *)(rec + NT_GAZ_REC_ARCS);

		rec[NT_GAZ_REC_NARCS] = start[old + 1] - start[old];
		rec[NT_GAZ_REC_OUT] = g->out_head[old];
		for (j = start[old]; j < start[old + 1]; j++, arcs++) {
			arcs->cp = byparent[j].cp;
			arcs->child = off[renum[NT_GAZ_NODE(byparent[j].child)]] |
				      (byparent[j].child & NT_GAZ_TERMINAL);
		}
	}
	for (i = 0; i < 128 * 128; i++) {
		if (i < 128 && g->root1[i])
			g->root1[i] = off[renum[NT_GAZ_NODE(g->root1[i])]] |
				      (g->root1[i] & NT_GAZ_TERMINAL);
		if (g->root2[i])
			g->root2[i] = off[renum[NT_GAZ_NODE(g->root2[i])]] |
				      (g->root2[i] & NT_GAZ_TERMINAL);
	}
	free(g->out_head);
	g->out_head = NULL;
	g->nodes_cap = 0;
	free(start);
	free(byparent);
	free(renum);
	free(order);
	free(off);
	nt_gaz_seal_heads(g);
	nt_gaz_seal_firsts(g);
}

/* Nonzero if elements [start, end) of T are written as output O requires. */
static int
nt_gaz_verify(const struct nt_gaz *g, const struct nt_gaz_out *o, const struct nt_gaz_text *t,
	      size_t start, size_t end)
{
	const int32_t *key = g->exact + o->exact;
	size_t i, k = 0;

	if (!o->flags)
		return 1;
	for (i = start; i < end; i++) {
		int32_t cp = t->e[i].raw, f[NT_FOLD_MAX];

		if (cp < 0)
			continue;
		if (cp == '\n')
			cp = ' ';
		if (!(o->flags & NT_GAZ_EXACT_CASE) && nt_fold_cp(cp, NT_FOLD_CASE, f) >= 1)
			cp = f[0];
		if (k >= o->exact_len || key[k++] != cp)
			return 0;
	}
	return k == o->exact_len;
}

/* Values of NODE's outputs that match [start, end) of T, into *BUF. */
static size_t
nt_gaz_values(const struct nt_gaz *g, uint32_t node, const struct nt_gaz_text *t, size_t start,
	      size_t end, int **buf, size_t *cap)
{
	uint32_t o = nt_gaz_out_head(g, node);
	size_t n = 0;

	for (; o && nt_gaz_out_ok(g, o); o = g->outs[o - 1].next) {
		if (!nt_gaz_verify(g, &g->outs[o - 1], t, start, end))
			continue;
		nt_grow(buf, cap, n + 1, sizeof **buf);
		(*buf)[n++] = g->outs[o - 1].value;
	}
	return n;
}

size_t
nt_gaz_lookup(const struct nt_gaz *g, const struct nt_gaz_text *t, size_t start, size_t end,
	      int *out, size_t max)
{
	uint32_t node = 0, o;
	size_t i, n = 0;

	for (i = start; i < end; i++)
		if (!(node = NT_GAZ_NODE(nt_gaz_child(g, node, t->e[i].fold))))
			return 0;
	for (o = nt_gaz_out_head(g, node); o && nt_gaz_out_ok(g, o);
	     o = g->outs[o - 1].next)
		if (nt_gaz_verify(g, &g->outs[o - 1], t, start, end)) {
			if (n < max)
				out[n] = g->outs[o - 1].value;
			n++;
		}
	return n;
}

/* Walk the trie from word start HD of T: store in CAND_NODE/CAND_END the
 * node and end of every alias that ends on a word end there, shortest
 * first; return how many. */
static size_t
nt_gaz_walk(const struct nt_gaz *g, const struct nt_gaz_text *t, const struct nt_gaz_head *hd,
	    uint32_t *cand_node, size_t *cand_end)
{
	uint32_t node = 0;
	size_t j, k = hd->k, ncand = 0;

	if (!nt_gaz_head_ok(g, t, hd))
		return 0;
	j = k;
	if (hd->len && g->first) {   /* the first word at one go */
		const struct nt_gaz_first *f = nt_gaz_first_find(g, t, hd);

		if (!f)
			return 0;
		node = f->node;
		j = k + hd->len;
		if ((node & NT_GAZ_TERMINAL) && nt_gaz_word_end(t, j)) {
			cand_node[ncand] = NT_GAZ_NODE(node);
			cand_end[ncand++] = j;
		}
		if (!nt_gaz_first_goes_on(f, t, j))
			return ncand;
		node = NT_GAZ_NODE(node);
	}
	for (; j < t->n && j - k < g->maxlen; j++) {
		int32_t cp = t->e[j].fold;

		if (j > k && (t->e[j].flags & NT_GAZ_BREAK))
			break;
		if (j == k && cp < 128)
			node = g->root1[cp];
		else if (j == k + 1 && cp < 128 && t->e[k].fold < 128)
			node = g->root2[t->e[k].fold * 128 + cp];
		else
			node = nt_gaz_child(g, node, cp);
		if (!node)
			break;
		if ((node & NT_GAZ_TERMINAL) && nt_gaz_word_end(t, j + 1)) {
			cand_node[ncand] = NT_GAZ_NODE(node);
			cand_end[ncand++] = j + 1;
		}
		node = NT_GAZ_NODE(node);
	}
	return ncand;
}

void
nt_gaz_scan(const struct nt_gaz *g, const struct nt_gaz_text *t, nt_gaz_choose_fn choose,
	    nt_gaz_emit_fn emit, void *arg)
{
	uint32_t cand_node[NT_GAZ_MAX_ALIAS + 1];
	size_t cand_end[NT_GAZ_MAX_ALIAS + 1];
	int *vals = NULL;
	size_t vals_cap = 0, h, after = 0;   /* after: the end of the last match */

	for (h = 0; h < t->nheads; h++) {
		size_t k = t->heads[h].k, ncand, matched = 0;

		if (k < after)
			continue;
		ncand = nt_gaz_walk(g, t, &t->heads[h], cand_node, cand_end);
		while (ncand > 0 && !matched) {
			size_t end = cand_end[--ncand];
			size_t nv = nt_gaz_values(g, cand_node[ncand], t, k, end, &vals, &vals_cap);
			int v = nv ? choose(arg, t, k, end, vals, nv) : -1;

			if (v >= 0) {
				emit(arg, k, end, v);
				matched = after = end;
			}
		}
	}
	free(vals);
}

void
nt_gaz_scan_all(const struct nt_gaz *g, const struct nt_gaz_text *t, nt_gaz_each_fn each,
		void *arg)
{
	uint32_t cand_node[NT_GAZ_MAX_ALIAS + 1];
	size_t cand_end[NT_GAZ_MAX_ALIAS + 1];
	int *vals = NULL;
	size_t vals_cap = 0, h, c, ncand, nv;

	for (h = 0; h < t->nheads; h++) {
		size_t k = t->heads[h].k;

		ncand = nt_gaz_walk(g, t, &t->heads[h], cand_node, cand_end);
		for (c = 0; c < ncand; c++)
			if ((nv = nt_gaz_values(g, cand_node[c], t, k, cand_end[c], &vals, &vals_cap)))
				each(arg, k, cand_end[c], vals, nv);
	}
	free(vals);
}

void
nt_gaz_save(const struct nt_gaz *g, struct nt_cache_out *w)
{
	nt_cache_put_u64(w, g->maxlen);
	nt_cache_put_u64(w, g->nnodes);
	nt_cache_put_array(w, g->trie, sizeof *g->trie, g->ntrie);
	nt_cache_put_array(w, g->outs, sizeof *g->outs, g->nouts);
	nt_cache_put_array(w, g->exact, sizeof *g->exact, g->nexact);
	nt_cache_put(w, g->root1, sizeof g->root1);
	nt_cache_put(w, g->root2, 128 * 128 * sizeof *g->root2);
	nt_cache_put_u64(w, g->head_shift);
	nt_cache_put_array(w, g->head_bits, sizeof *g->head_bits,
			   ((size_t)1 << (64 - g->head_shift)) / 64);
	nt_cache_put_array(w, g->first, sizeof *g->first, g->first_mask + 1);
	nt_cache_put_array(w, g->first_words, sizeof *g->first_words, g->nfirst_words);
}

struct nt_gaz *
nt_gaz_restore(struct nt_cache_in *r, size_t nvalues)
{
	struct nt_gaz *g = nt_xcalloc(1, sizeof *g);
	size_t nbits = 0, nslots = 0, i;

	g->mapped = 1;   /* sealed: a restored gazetteer takes no more aliases */
	g->maxlen = (size_t)nt_cache_get_u64(r);
	g->nnodes = (size_t)nt_cache_get_u64(r);
	g->trie = (uint32_t *)nt_cache_get_array_in_place(r, sizeof *g->trie, &g->ntrie);
	g->outs = (struct nt_gaz_out *)nt_cache_get_array_in_place(r, sizeof *g->outs, &g->nouts);
	g->exact = (int32_t *)nt_cache_get_array_in_place(r, sizeof *g->exact, &g->nexact);
	g->root2 = nt_xmalloc(128 * 128 * sizeof *g->root2);
	nt_cache_get(r, g->root1, sizeof g->root1);
	nt_cache_get(r, g->root2, 128 * 128 * sizeof *g->root2);
	g->head_shift = (unsigned)nt_cache_get_u64(r);
	g->head_bits = (uint64_t *)nt_cache_get_array_in_place(r, sizeof *g->head_bits, &nbits);
	if (g->head_shift < 41 || g->head_shift > 52 ||
	    nbits != ((size_t)1 << (64 - g->head_shift)) / 64)
		r->failed = 1;
	g->first = (struct nt_gaz_first *)nt_cache_get_array_in_place(r, sizeof *g->first, &nslots);
	g->first_words = (int32_t *)nt_cache_get_array_in_place(r, sizeof *g->first_words,
								 &g->nfirst_words);
	if (!g->first || nslots < 64 || (nslots & (nslots - 1)) || !g->first_words)
		r->failed = 1;
	g->first_mask = nslots - 1;
	g->outs_cap = g->nouts;
	g->exact_cap = g->nexact;
	/* the root's record at least, and every stored index in range */
	if (!g->trie || g->ntrie < NT_GAZ_REC_ARCS || g->ntrie >= NT_GAZ_TERMINAL ||
	    g->nnodes == 0 || g->maxlen > NT_GAZ_MAX_ALIAS)
		r->failed = 1;
	/* The big arrays are checked as they are used (nt_gaz_child and
	 * nt_gaz_out_ok), so that a damaged file cannot crash a run, without
	 * touching every page of the file at start-up. */
	g->nvalues = nvalues;
	for (i = 0; i < 128 * 128 && !r->failed; i++)
		if (!nt_gaz_record_ok(g, NT_GAZ_NODE(g->root2[i])) ||
		    (i < 128 && !nt_gaz_record_ok(g, NT_GAZ_NODE(g->root1[i]))))
			r->failed = 1;
	if (r->failed) {
		nt_gaz_free(g);
		return NULL;
	}
	return g;
}
