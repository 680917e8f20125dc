/* entities.c - the entities stage: find, resolve and link entity mentions.
 *
 * For each article:
 *   1. fold the matching view (gazetteer.h) and scan it with the
 *      gazetteer, leftmost-longest, vetoing matches by their not_before /
 *      not_after words and choosing among entities that share an alias by
 *      priority, then by the later rule file;
 *   2. run the pattern rules (PCRE2) over the view; a pattern match takes
 *      the id of a gazetteer entity with the same name when there is one;
 *   3. resolve overlaps between the two kinds of candidates: a fallback
 *      pattern's candidate goes if it overlaps any other; then the
 *      leftmost first, then the longest, then the higher priority, then
 *      the later file;
 *   4. link later mentions: an acronym given in brackets right after a
 *      mention ("UN Children's Fund (UNICEF)"), the short name a pattern
 *      gives in its group "short" ("Magna International" after "Magna
 *      International Inc") and, for a person, the full name again or an
 *      ending of it ("Suu Kyi", "Bayramov"; not a lower-case particle such
 *      as "de Dominicis"), as written or without its accents ("Erdogan"
 *      after "Erdoğan"), become mentions of the same entity (a person's
 *      also in the title before them: headlines use surnames), also
 *      where the gazetteer took a person's name for a place or a
 *      nationality ("Türk" after "Volker Türk"); all those names are
 *      found in one pass over the view (occur.h), so a long article with
 *      many names stays linear.
 * Offsets go back to the original text through the view's map. */
#include "entities.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "entity_rules.h"
#include "fold.h"
#include "occur.h"

/* How far nt_in_web_address looks for the ends of an address, each way. */
#define NT_WEB_ADDRESS_MAX 256

/* Entities of one alias that one sense per discourse looks through
 * (nt_entities_one_sense); an alias of more entities keeps its choice. */
#define NT_SENSE_VALUES 64

/* A candidate mention, in view bytes. */
struct nt_cand {
	size_t vstart, vend;
	int entity;              /* index into ents, or -1 for a pattern-made entity */
	const struct nt_entity_pattern *pat;   /* the pattern that found it, or NULL */
	int priority, order;
	long canon;              /* index of the first mention this one links to, or -1 */
	size_t short_start, short_end;   /* the pattern's "short" group, or an empty range */
};

/* An alias of several entities whose context chose one ("Georgia" in
 * "Atlanta, Georgia": the state; in "Tbilisi, Georgia": the country):
 * elements [start, end) of the folded view, and the entity. */
struct nt_sense {
	size_t start, end;
	int entity;
};

/* A stretch of the view where a pattern with 'needs' runs: NT_NEEDS_NEAR
 * bytes around its words, overlapping stretches merged. */
struct nt_window {
	uint32_t pat;
	size_t start, end;           /* view bytes */
};

/* A date mention's original code points [start, end), and REACH, the
 * furthest end of it and the spans before it. */
struct nt_date_span {
	uint32_t start, end, reach;
};

/* What a name a candidate gives is (struct nt_link's kind). */
enum nt_link_kind {
	NT_LINK_PERSON = 1,      /* a person's name or a part of it (not an acronym
				  * or a short name) */
	NT_LINK_PLAIN = 2,       /* the name without its accents ("Erdogan" for "Erdoğan") */
	NT_LINK_GIVEN = 4        /* the first word of a longer name: links only a person
				  * that a pattern found spelt so ("Dr Tedros") */
};

/* A name candidate CAND gives later mentions: name number NAME in occur,
 * LEN view bytes long, of KIND (a set of enum nt_link_kind). */
struct nt_link {
	size_t cand, name, len;
	unsigned kind;
};

struct nt_entities {
	const struct nt_entity_set *set;   /* the compiled rules, only read while articles run */
	struct nt_entity_set *own;   /* the same, when this context owns them (not forked) */
	struct nt_matcher match;     /* for the patterns: scratch, as is all that follows */
	const struct nt_article *art;     /* the current article */
	const struct nt_gaz_text *text;   /* its folded view (nt_gaz_text_of) */
	struct nt_window *wins;      /* the current article's windows, by pattern then start */
	size_t nwins, wins_cap;
	size_t *open;                /* per pattern: index + 1 in wins of its last window, or 0 */
	size_t open_cap;
	struct nt_cand *cands;
	size_t ncands, cands_cap;
	size_t *canon_at;            /* mention index of each canonical candidate */
	size_t canon_cap;
	struct nt_link *links;       /* the names candidates give later mentions, in link order */
	size_t nlinks, links_cap;
	struct nt_occur occur;       /* where the article says those names */
	unsigned char *covered;      /* per view byte: 1 if some candidate covers it */
	size_t covered_cap;
	struct nt_date_span *dates;  /* the article's date mentions, by start */
	size_t ndates, dates_cap;
	char *plain;                 /* the names of plain links, end to end (never moved while linking) */
	size_t plain_len, plain_cap;
	int overlaps_all;            /* --overlaps all (struct nt_config) */
	struct nt_cand *pool;        /* with it: the candidates before overlaps were resolved */
	size_t npool, pool_cap;
	struct nt_sense *senses;     /* the current article's, in text order */
	size_t nsenses, senses_cap;
};

static const char *const nt_entities_keys[] = { "entities", "patterns", "classes", NULL };

int
nt_entities_cache_read(struct nt_config *cfg)
{
	struct nt_entity_set *set = nt_xmalloc(sizeof *set);

	if (!cfg->cache_path || nt_entity_set_restore(set, cfg->cache_path, cfg->cache_key) != 0) {
		free(set);
		return 0;
	}
	cfg->entities_cached = set;
	return 1;
}

void
nt_entities_cache_drop(struct nt_config *cfg)
{
	if (cfg->entities_cached) {
		nt_entity_set_free(cfg->entities_cached);
		free(cfg->entities_cached);
		cfg->entities_cached = NULL;
	}
}

/* The rules come from the cache when nt_entities_cache_read found them;
 * otherwise they are compiled, and cached for the next run. */
static void *
nt_entities_init(const struct nt_rules *rules, const struct nt_config *cfg, struct nt_err *err)
{
	struct nt_entities *x;
	struct nt_entity_set *set;

	if (cfg && cfg->entities_cached) {
		/* take the set: see struct nt_config */
		set = cfg->entities_cached;
		((struct nt_config *)cfg)->entities_cached = NULL;
	} else {
		set = nt_xcalloc(1, sizeof *set);
		if (nt_entity_set_compile(set, rules, cfg, err) != 0) {
			free(set);
			return NULL;
		}
		if (cfg && cfg->cache_path)
			nt_entity_set_save(set, cfg->cache_path, cfg->cache_key);
	}
	x = nt_xcalloc(1, sizeof *x);
	x->set = x->own = set;
	x->overlaps_all = cfg && cfg->overlaps_all;
	nt_entity_set_matcher(set, &x->match);
	return x;
}

static void *
nt_entities_fork(const void *ctx)
{
	const struct nt_entities *x = ctx;
	struct nt_entities *f = nt_xcalloc(1, sizeof *f);

	f->set = x->set;
	f->overlaps_all = x->overlaps_all;
	nt_entity_set_matcher(f->set, &f->match);
	return f;
}

static void
nt_entities_fini(void *ctx)
{
	struct nt_entities *x = ctx;

	if (x->own) {
		nt_entity_set_free(x->own);
		free(x->own);
	}
	nt_matcher_free(&x->match);
	free(x->cands);
	free(x->pool);
	free(x->senses);
	free(x->canon_at);
	free(x->links);
	free(x->covered);
	free(x->dates);
	free(x->plain);
	nt_occur_free(&x->occur);
	free(x->wins);
	free(x->open);
	free(x);
}

/* The folded word of T that ends just before element K (skipping one
 * space), as elements [*ws, *we); 0 if there is none. */
static int
nt_word_before(const struct nt_gaz_text *t, size_t k, size_t *ws, size_t *we)
{
	if (k > 0 && t->e[k - 1].fold == ' ')
		k--;
	*we = k;
	while (k > 0 && nt_is_word_cp(t->e[k - 1].fold))
		k--;
	*ws = k;
	return *we > *ws;
}

/* The folded word of T that starts at element K (after one space). */
static int
nt_word_after(const struct nt_gaz_text *t, size_t k, size_t *ws, size_t *we)
{
	if (k < t->n && t->e[k].fold == ' ')
		k++;
	*ws = k;
	while (k < t->n && nt_is_word_cp(t->e[k].fold))
		k++;
	*we = k;
	return *we > *ws;
}

/* Nonzero if elements [ws, we) of T spell one of WORDS (folded UTF-8). */
static int
nt_word_in(const struct nt_gaz_text *t, size_t ws, size_t we, char *const *words, size_t n)
{
	char buf[256];
	size_t len = 0, i;

	for (i = ws; i < we; i++) {
		if (len + 4 >= sizeof buf)
			return 0;
		len += (size_t)utf8proc_encode_char(t->e[i].fold, (utf8proc_uint8_t *)buf + len);
	}
	buf[len] = '\0';
	for (i = 0; i < n; i++)
		if (strcmp(buf, words[i]) == 0)
			return 1;
	return 0;
}

/* Candidate N - 1 of x->cands if elements [.., START) of T end with it
 * and then ", ", else NULL. */
static const struct nt_cand *
nt_cand_comma_before(const struct nt_entities *x, size_t n, const struct nt_gaz_text *t,
		     size_t start)
{
	if (n == 0 || start < 3 || t->e[start - 1].fold != ' ' || t->e[start - 2].fold != ',' ||
	    t->e[start - 3].vend != x->cands[n - 1].vend)
		return NULL;
	return &x->cands[n - 1];
}

/* If elements [.., START) of T end with the last match found (x->cands
 * holds the gazetteer's matches, in order, while it scans), then ", ":
 * the entity that match names (Atlanta in "Atlanta, Georgia"), else NULL. */
static const struct nt_entity *
nt_place_before(const struct nt_entities *x, const struct nt_gaz_text *t, size_t start)
{
	const struct nt_cand *prev = nt_cand_comma_before(x, x->ncands, t, start);

	return prev && prev->entity >= 0 ? &x->set->ents[prev->entity] : NULL;
}

/* Nonzero if after_place entity E matches right after PLACE (NULL: no
 * place there): PLACE is one of E's after_ids, or when it has none, a
 * place of E's part_of. */
static int
nt_after_place_ok(const struct nt_entity *e, const struct nt_entity *place)
{
	size_t i;

	if (!place)
		return 0;
	if (!e->nafter_ids)
		return place->part_of && e->part_of && strcmp(place->part_of, e->part_of) == 0;
	for (i = 0; i < e->nafter_ids; i++)
		if (strcmp(place->id, e->after_ids[i]) == 0)
			return 1;
	return 0;
}

/* Note that the context of elements [START, END) of x->text chose ENTITY
 * among the entities of the alias they spell (nt_entities_one_sense);
 * return ENTITY. */
static int
nt_sense_add(struct nt_entities *x, size_t start, size_t end, int entity)
{
	nt_grow(&x->senses, &x->senses_cap, x->nsenses + 1, sizeof *x->senses);
	x->senses[x->nsenses++] = (struct nt_sense){ start, end, entity };
	return entity;
}

/* Nonzero if a not_before or not_after word of E lies next to elements
 * [START, END) of T. */
static int
nt_entity_vetoed(const struct nt_entity *e, const struct nt_gaz_text *t, size_t start,
		 size_t end)
{
	size_t ws, we;

	return (e->nnot_before && nt_word_before(t, start, &ws, &we) &&
		nt_word_in(t, ws, we, e->not_before, e->nnot_before)) ||
	       (e->nnot_after && nt_word_after(t, end, &ws, &we) &&
		nt_word_in(t, ws, we, e->not_after, e->nnot_after));
}

/* Gazetteer callback: the best of VALUES not vetoed by its context; an
 * after_place entity right after its place (nt_after_place_ok), where it
 * wins.  Either way, when the place before is part of the entity chosen
 * for an alias of several ("Atlanta, Georgia" the state, "Tbilisi,
 * Georgia" the country), that is the alias's sense
 * (nt_entities_one_sense). */
static int
nt_entities_choose(void *arg, const struct nt_gaz_text *t, size_t start, size_t end,
		   const int *values, size_t nvalues)
{
	struct nt_entities *x = arg;
	/* the place before matters to an alias of several, or to an after_place one */
	const struct nt_entity *place = nvalues > 1 || x->set->ents[values[0]].after_place
					? nt_place_before(x, t, start) : NULL;
	int best = -1;
	size_t i;

	for (i = 0; i < nvalues; i++) {
		const struct nt_entity *e = &x->set->ents[values[i]];

		if (nt_entity_vetoed(e, t, start, end))
			continue;
		if (e->after_place) {   /* only there, and there it wins */
			if (nt_after_place_ok(e, place))
				return nt_sense_add(x, start, end, values[i]);
			continue;
		}
		if (best < 0 || e->priority > x->set->ents[best].priority ||
		    (e->priority == x->set->ents[best].priority && e->order >= x->set->ents[best].order))
			best = values[i];
	}
	if (best >= 0 && nvalues > 1 && place && place->part_of &&
	    strcmp(place->part_of, x->set->ents[best].id) == 0)
		nt_sense_add(x, start, end, best);
	return best;
}

/* Nonzero if view bytes [VS, VE) of A lie in a web address, an e-mail
 * address or a handle: the run of non-blank bytes around them holds "@"
 * or "://", starts with "www.", or has a "/" two or more bytes after a
 * "." ("x.org/", not "U.S./Japan").  "reuters" in
 * "www.reuters.com/world" or "newsroom@reuters.com" names nothing; a
 * site name alone ("News.az", "Amazon.com") still does. */
static int
nt_in_web_address(const struct nt_article *a, size_t vs, size_t ve)
{
	const char *v = a->view;
	size_t s = vs, e = ve, i, after_dot = 0;
	int dot = 0;

	while (s > 0 && vs - s < NT_WEB_ADDRESS_MAX && !nt_is_folded_blank(v[s - 1]))
		s--;
	while (e < a->view_len && e - ve < NT_WEB_ADDRESS_MAX && !nt_is_folded_blank(v[e]))
		e++;
	if (e - s >= 4 && strncasecmp(v + s, "www.", 4) == 0)
		return 1;
	for (i = s; i < e; i++) {
		if (v[i] == '@' || (v[i] == '/' && dot && after_dot >= 2) ||
		    (v[i] == ':' && i + 2 < e && v[i + 1] == '/' && v[i + 2] == '/'))
			return 1;
		if (v[i] == '.') {
			dot = 1;
			after_dot = 0;
		} else {
			after_dot++;
		}
	}
	return 0;
}

/* Note a candidate and return it, unless it lies in a web address
 * (nt_in_web_address): then NULL. */
static struct nt_cand *
nt_cand_push(struct nt_entities *x, size_t vstart, size_t vend, int entity,
	     const struct nt_entity_pattern *pat)
{
	struct nt_cand *c;

	if (nt_in_web_address(x->art, vstart, vend))
		return NULL;
	nt_grow(&x->cands, &x->cands_cap, x->ncands + 1, sizeof *x->cands);
	c = &x->cands[x->ncands++];
	c->vstart = vstart;
	c->vend = vend;
	c->entity = entity;
	c->pat = pat;
	c->priority = pat ? pat->priority : x->set->ents[entity].priority;
	c->order = pat ? pat->order : x->set->ents[entity].order;
	c->canon = -1;
	c->short_start = c->short_end = 0;
	return c;
}

static void
nt_entities_emit(void *arg, size_t start, size_t end, int value)
{
	struct nt_entities *x = arg;

	nt_cand_push(x, x->text->e[start].vstart, x->text->e[end - 1].vend, value, NULL);
}

/* Elements of x->text covering view bytes [vs, ve): *START, *END. */
static int
nt_elems_of(const struct nt_entities *x, size_t vs, size_t ve, size_t *start, size_t *end)
{
	const struct nt_gaz_text *t = x->text;
	size_t lo = 0, hi = t->n;

	while (lo < hi) {   /* first element starting at or after vs */
		size_t mid = (lo + hi) / 2;

		if (t->e[mid].vstart < vs)
			lo = mid + 1;
		else
			hi = mid;
	}
	*start = lo;
	while (hi < t->n && t->e[hi].vend <= ve)
		hi++;
	*end = hi;
	return *end > *start;
}

/* The entity the senses of x->text give the alias spelt by its elements
 * [start, end), or -1: none, or two that disagree. */
static int
nt_sense_of(const struct nt_entities *x, size_t start, size_t end)
{
	const struct nt_gaz_elem *e = x->text->e;
	int entity = -1;
	size_t i, j;

	for (i = 0; i < x->nsenses; i++) {
		const struct nt_sense *s = &x->senses[i];

		if (s->end - s->start != end - start)
			continue;
		for (j = 0; j < end - start && e[s->start + j].fold == e[start + j].fold; j++)
			;
		if (j < end - start)
			continue;
		if (entity >= 0 && entity != s->entity)
			return -1;
		entity = s->entity;
	}
	return entity;
}

/* What entity E is part of, or E itself: places in one country are of
 * one whole. */
static const char *
nt_entity_whole(const struct nt_entity *e)
{
	return e->part_of ? e->part_of : e->id;
}

/* One sense per discourse (Gale, Church and Yarowsky, "One sense per
 * discourse", HLT 1992): an alias to which its context gave an entity
 * somewhere in the article ("Melbourne, Victoria", the Australian state)
 * names that entity at its other matches there too ("Victoria police
 * said"), before or after, instead of one in another country (the
 * Canadian city) -- where no word vetoes it and no other place and a
 * comma come right before it ("Tbilisi, Georgia" stays the country).  Not
 * between places of one country ("Seattle, Washington" says nothing of
 * another "Washington"), and not when the article's contexts gave the
 * alias two entities.  Runs on the gazetteer's candidates. */
static void
nt_entities_one_sense(struct nt_entities *x)
{
	int vals[NT_SENSE_VALUES];
	size_t i, k, n, es, ee;

	for (i = 0; i < x->ncands; i++) {
		struct nt_cand *c = &x->cands[i];
		const struct nt_entity *e;
		int sense;

		if (c->entity < 0 || !nt_elems_of(x, c->vstart, c->vend, &es, &ee) ||
		    (sense = nt_sense_of(x, es, ee)) < 0 || sense == c->entity ||
		    nt_cand_comma_before(x, i, x->text, es))
			continue;
		n = nt_gaz_lookup(x->set->gaz, x->text, es, ee, vals, NT_SENSE_VALUES);
		for (k = 0; k < n && k < NT_SENSE_VALUES && vals[k] != sense; k++)
			;
		e = &x->set->ents[sense];
		if (k == n || k == NT_SENSE_VALUES || nt_entity_vetoed(e, x->text, es, ee) ||
		    strcmp(nt_entity_whole(e), nt_entity_whole(&x->set->ents[c->entity])) == 0)
			continue;
		c->entity = sense;
		c->priority = e->priority;
		c->order = e->order;
	}
}

/* Nonzero if a word of the LEN view bytes NAME (words split at spaces)
 * is a common word of KNOWN once lower-cased; the first may also be a
 * proper noun there, as given names are ("Jimmy Carter", "Bill Gates"),
 * the others not ("Merrill Lynch", "Smith Barney").  A word in lower
 * case is a particle ("bin", "van"), not looked up. */
static int
nt_has_common_word(const struct nt_wordset *known, const char *name, size_t len)
{
	size_t i = 0, j;

	while (i < len) {
		utf8proc_uint8_t *lower = NULL;
		utf8proc_ssize_t n;
		unsigned kinds;

		for (j = i; j < len && name[j] != ' '; j++)
			;
		if (name[i] >= 'a' && name[i] <= 'z') {   /* a particle */
			i = j + 1;
			continue;
		}
		n = utf8proc_map((const utf8proc_uint8_t *)name + i, (utf8proc_ssize_t)(j - i), &lower,
				 UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
		kinds = n > 0 ? nt_wordset_kinds(known, (const char *)lower, (size_t)n) : 0;
		free(lower);
		if ((kinds & NT_WORDSET_COMMON) && (i > 0 || !(kinds & NT_WORDSET_PROPER)))
			return 1;
		i = j + 1;
	}
	return 0;
}

/* Run pattern PAT over view bytes [from, end) of A: matches starting
 * there (and ending anywhere) become candidates.  A match with a common
 * word of PAT's 'unknown_in' list is dropped, and the search goes on from
 * its second character. */
static void
nt_entities_pattern_run(struct nt_entities *x, const struct nt_article *a,
			const struct nt_entity_pattern *pat, size_t from, size_t end)
{
	const struct nt_entity_set *s = x->set;
	size_t subject = end + NT_NEEDS_TAIL < a->view_len ? end + NT_NEEDS_TAIL : a->view_len;

	/* No match may start at END or after: the search stops there rather
	 * than run through the tail, which only a match's end may reach. */
	pcre2_set_offset_limit(x->match.mctx, end - 1);
	while (from < end &&
	       nt_regex_match(pat->code, a->view, subject, from, &x->match) >= 0) {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(x->match.md);
		size_t vs = ov[2 * pat->name_group], ve = ov[2 * pat->name_group + 1];
		size_t es, ee;
		int entity = pat->entity, found;
		struct nt_cand *c;

		if (ov[0] >= end)
			break;
		from = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
		while (from < a->view_len && ((unsigned char)a->view[from] & 0xC0) == 0x80)
			from++;
		if (vs == PCRE2_UNSET || ve <= vs)
			continue;
		if (pat->known && nt_has_common_word(pat->known, a->view + vs, ve - vs)) {
			from = ov[0] + 1;
			while (from < a->view_len && ((unsigned char)a->view[from] & 0xC0) == 0x80)
				from++;
			continue;
		}
		if (entity < 0 && nt_elems_of(x, vs, ve, &es, &ee) &&
		    nt_gaz_lookup(s->gaz, x->text, es, ee, &found, 1) > 0 &&
		    strcmp(s->ents[found].type, pat->type) == 0)
			entity = found;
		if ((c = nt_cand_push(x, vs, ve, entity, pat)) && pat->short_group &&
		    ov[2 * pat->short_group] != PCRE2_UNSET &&
		    ov[2 * pat->short_group + 1] > ov[2 * pat->short_group]) {
			c->short_start = ov[2 * pat->short_group];
			c->short_end = ov[2 * pat->short_group + 1];
		}
	}
}

static int
nt_window_cmp(const void *p, const void *q)
{
	const struct nt_window *a = p, *b = q;

	if (a->pat != b->pat)
		return a->pat < b->pat ? -1 : 1;
	return (a->start > b->start) - (a->start < b->start);
}

/* Open or extend, for each pattern of needs list LIST, the window around
 * the needs word at view bytes [ws, we) of A. */
static void
nt_entities_window_add(struct nt_entities *x, const struct nt_article *a, unsigned list,
		       size_t ws, size_t we)
{
	const struct nt_entity_set *s = x->set;
	size_t j, ps, pe;

	for (j = s->needs_off[list - 1]; j < s->needs_off[list]; j++) {
		uint32_t p = s->needs_pats[j];

		nt_article_view_window(a, ws, we, s->pats[p].near_before, s->pats[p].near_after,
				       &ps, &pe);
		if (x->open[p] && ps <= x->wins[x->open[p] - 1].end) {
			x->wins[x->open[p] - 1].end = pe;
			continue;
		}
		nt_grow(&x->wins, &x->wins_cap, x->nwins + 1, sizeof *x->wins);
		x->wins[x->nwins] = (struct nt_window){ p, ps, pe };
		x->open[p] = ++x->nwins;
	}
}

/* The windows of A for every pattern with 'needs', from one pass over the
 * words of the view (ASCII letters and digits; a word of 32 bytes or more
 * is no needs word): each word is looked up as written (for patterns that
 * heed case) and, when it has capitals, lower-cased (for those that do
 * not), whatever the number of patterns. */
static void
nt_entities_windows(struct nt_entities *x, const struct nt_article *a)
{
	const struct nt_entity_set *s = x->set;
	const char *v = a->view;
	size_t i = 0, n = a->view_len;

	x->nwins = 0;
	if (!s->needs)
		return;
	nt_grow(&x->open, &x->open_cap, s->npats, sizeof *x->open);
	memset(x->open, 0, s->npats * sizeof *x->open);
	while (i < n) {
		size_t ws, k;
		char word[32];
		unsigned list;
		int capitals = 0;

		if (!isalnum((unsigned char)v[i])) {
			i++;
			continue;
		}
		for (ws = i; i < n && isalnum((unsigned char)v[i]); i++)
			;
		if (i - ws >= sizeof word)
			continue;
		if ((list = nt_wordset_kinds(s->needs, v + ws, i - ws)))
			nt_entities_window_add(x, a, list, ws, i);
		for (k = ws; k < i; k++) {
			word[k - ws] = (char)tolower((unsigned char)v[k]);
			capitals |= word[k - ws] != v[k];
		}
		if (capitals && (list = nt_wordset_kinds(s->needs, word, i - ws)))
			nt_entities_window_add(x, a, list, ws, i);
	}
	nt_sort(x->wins, x->nwins, sizeof *x->wins, nt_window_cmp);
}

/* Step 2: pattern rules.  A pattern with 'needs' runs only in its windows;
 * the others over the whole view. */
static void
nt_entities_patterns(struct nt_entities *x, const struct nt_article *a)
{
	const struct nt_entity_set *s = x->set;
	size_t p, w = 0;

	nt_entities_windows(x, a);
	for (p = 0; p < s->npats; p++) {
		if (!s->pats[p].nneeds) {
			nt_entities_pattern_run(x, a, &s->pats[p], 0, a->view_len);
			continue;
		}
		for (; w < x->nwins && x->wins[w].pat == p; w++)
			nt_entities_pattern_run(x, a, &s->pats[p], x->wins[w].start, x->wins[w].end);
	}
}

static int
nt_cand_cmp(const void *p, const void *q)
{
	const struct nt_cand *a = p, *b = q;

	if (a->vstart != b->vstart)
		return a->vstart < b->vstart ? -1 : 1;
	if (a->vend != b->vend)
		return a->vend > b->vend ? -1 : 1;
	if (a->priority != b->priority)
		return a->priority > b->priority ? -1 : 1;
	return a->order > b->order ? -1 : a->order < b->order ? 1 : 0;
}

/* Add the mention of candidate C to A; a linked mention takes the id and
 * label of the mention it links to, whose mention is at index CANON_AT[canon]
 * of A's mentions. */
static struct nt_mention *
nt_entities_add(struct nt_entities *x, struct nt_article *a, const struct nt_cand *c,
		const size_t *canon_at)
{
	const struct nt_entity_set *s = x->set;
	struct nt_mention *m;
	uint32_t start, end;

	nt_article_view_span(a, c->vstart, c->vend, &start, &end);
	m = nt_article_add_mention(a, NT_KIND_ENTITY, start, end);
	if (c->canon >= 0) {
		const struct nt_mention *first = &a->mentions[canon_at[c->canon]];

		m->type = first->type;
		m->id = first->id;
		m->label = first->label;
		m->rule = first->rule;
		m->via = "link";
		m->link_start = first->start;
		m->link_end = first->end;
		return m;
	}
	m->via = c->pat ? "pattern" : "alias";
	if (c->entity >= 0) {
		const struct nt_entity *e = &s->ents[c->entity];

		m->type = e->type;
		m->id = e->id;
		m->label = e->label;
		m->rule = c->pat ? c->pat->rule : e->rule;
	} else {   /* a pattern-made entity: its name is the view text */
		m->type = c->pat->type;
		m->label = nt_article_keep(a, nt_xstrndup(a->view + c->vstart, c->vend - c->vstart));
		m->id = nt_article_keep(a, nt_entity_slug(m->label, strlen(m->label)));
		m->rule = c->pat->rule;
	}
	return m;
}

/* The type of candidate C. */
static const char *
nt_cand_type(const struct nt_entities *x, const struct nt_cand *c)
{
	return c->entity >= 0 ? x->set->ents[c->entity].type : c->pat->type;
}

/* Candidate I gives the name of LEN bytes at S (in A's view or x->plain,
 * which stay unchanged while linking); KIND is a set of enum
 * nt_link_kind. */
static void
nt_link_push(struct nt_entities *x, size_t i, const char *s, size_t len, unsigned kind)
{
	nt_grow(&x->links, &x->links_cap, x->nlinks + 1, sizeof *x->links);
	x->links[x->nlinks].cand = i;
	x->links[x->nlinks].len = len;
	x->links[x->nlinks].kind = kind;
	x->links[x->nlinks++].name = nt_occur_add(&x->occur, s, 0, len);
}

/* Candidate I, a person, gives the LEN bytes of name at S (KIND: 0 or
 * NT_LINK_GIVEN); and the name without its accents too, when it has some
 * ("Erdoğan", then "Erdogan"), as long as x->plain has room left. */
static void
nt_link_person(struct nt_entities *x, size_t i, const char *s, size_t len, unsigned kind)
{
	char *bare;
	size_t k, n;

	nt_link_push(x, i, s, len, NT_LINK_PERSON | kind);
	for (k = 0; k < len && (unsigned char)s[k] < 0x80; k++)
		;
	if (k == len)
		return;
	bare = nt_fold_str(s, len, NT_FOLD_ACCENT, &n);
	if (n > 0 && (n != len || memcmp(bare, s, len) != 0) && n <= x->plain_cap - x->plain_len) {
		memcpy(x->plain + x->plain_len, bare, n);
		nt_link_push(x, i, x->plain + x->plain_len, n, NT_LINK_PERSON | NT_LINK_PLAIN | kind);
		x->plain_len += n;
	}
	free(bare);
}

/* Nonzero if byte C may open a capitalised word: an upper-case ASCII
 * letter, or the lead byte of a multibyte letter. */
static int
nt_link_capital(char c)
{
	return (unsigned char)c >= 'A' && !((unsigned char)c >= 'a' && (unsigned char)c <= 'z');
}

/* Nonzero if the LEN bytes at S are one capitalised word of a name that
 * may stand alone: at least three bytes, no full stop ("W."). */
static int
nt_link_word(const char *s, size_t len)
{
	return len >= 3 && nt_link_capital(s[0]) && !memchr(s, '.', len);
}

/* Nonzero if the LEN bytes at S open with a particle: a word of two or
 * more lower-case ASCII letters before a space ("da Silva", not
 * "al-Sudani", whose "Shia" before it is no surname). */
static int
nt_link_particle(const char *s, size_t len)
{
	size_t k;

	for (k = 0; k < len && s[k] >= 'a' && s[k] <= 'z'; k++)
		;
	return k >= 2 && k < len && s[k] == ' ';
}

/* Candidate I, a person named by the LEN bytes at NAME whose first word
 * is FIRST bytes long, gives its first and last words as a name too when
 * it has three or more words, all capitalised, the last in lower case
 * after its capital ("Bola Ahmed Tinubu", then "Bola Tinubu"; not "von
 * der Leyen", not "Henry Ford III"); written into x->plain, as long as
 * it has room. */
static void
nt_link_first_last(struct nt_entities *x, size_t i, const char *name, size_t len, size_t first)
{
	size_t last, words = 1, k, n;
	int lower = 0;

	for (k = 0; k < len; k++) {
		if (name[k] != ' ')
			continue;
		if (k + 1 == len || !nt_link_capital(name[k + 1]))
			return;
		words++;
	}
	for (last = len; last > 0 && name[last - 1] != ' '; last--)
		;
	for (k = last + 1; k < len; k++)
		lower |= (name[k] >= 'a' && name[k] <= 'z') || (unsigned char)name[k] >= 0x80;
	n = first + 1 + (len - last);
	if (words < 3 || !lower || !nt_link_word(name, first) ||
	    !nt_link_word(name + last, len - last) || n > x->plain_cap - x->plain_len)
		return;
	memcpy(x->plain + x->plain_len, name, first + 1);   /* the first word and its space */
	memcpy(x->plain + x->plain_len + first + 1, name + last, len - last);
	x->plain_len += n;
	nt_link_person(x, i, x->plain + x->plain_len - n, n, 0);
}

/* The names candidate I gives later mentions, in the order they link:
 * the acronym in brackets after it, its pattern's short name, and for a
 * person the whole name, then its first word when it is a family name
 * written first (struct nt_entity_set's surname_first: "Xi" after "Xi
 * Jinping"), else its first and last words (nt_link_first_last), then
 * its endings, longest first, then the word before a lower-case particle
 * when two or more come before it ("Luiz Inácio Lula da Silva", then
 * "Lula"), then, unless it was a family name, the first word of a name
 * of two or more words (NT_LINK_GIVEN: "Dr Tedros" after "Tedros
 * Adhanom"), each also without its accents. */
static void
nt_link_names(struct nt_entities *x, const struct nt_article *a, size_t i)
{
	const struct nt_cand *c = &x->cands[i];
	size_t j = c->vend, k;

	/* "Long Name (ACR)" (or "( ACR )"): ACR later refers to the same entity. */
	if (j + 3 < a->view_len && a->view[j] == ' ' && a->view[j + 1] == '(') {
		size_t s = j + 2 + (a->view[j + 2] == ' ');

		for (k = s; k < a->view_len && k - s < 11 &&
		     ((a->view[k] >= 'A' && a->view[k] <= 'Z') || (a->view[k] >= '0' && a->view[k] <= '9'));
		     k++)
			;
		if (k - s >= 2 && a->view[s] >= 'A' && a->view[s] <= 'Z' &&
		    ((k < a->view_len && a->view[k] == ')') ||
		     (k + 1 < a->view_len && a->view[k] == ' ' && a->view[k + 1] == ')')))
			nt_link_push(x, i, a->view + s, k - s, 0);
	}
	if (c->short_end > c->short_start)   /* "Magna International Inc", then "Magna International" */
		nt_link_push(x, i, a->view + c->short_start, c->short_end - c->short_start, 0);
	if (strcmp(nt_cand_type(x, c), "person") == 0) {
		const char *name = a->view + c->vstart;
		size_t len = c->vend - c->vstart, ws = 0, nwords = 0, first;
		int family_first;

		for (first = 0; first < len && name[first] != ' '; first++)
			;
		/* "Xi Jinping", then "Xi" */
		family_first = first < len && nt_link_capital(name[0]) &&
			       nt_entity_set_surname_first(x->set, name, first);
		nt_link_person(x, i, name, len, 0);
		if (family_first)
			nt_link_person(x, i, name, first, 0);
		else
			nt_link_first_last(x, i, name, len, first);
		for (k = 1; k + 2 < len; k++)   /* "Suu Kyi", then "Kyi" */
			if (name[k - 1] == ' ' && nt_link_capital(name[k]))
				nt_link_person(x, i, name + k, len - k, 0);
		for (k = 0; k <= len; k++) {
			if (k < len && name[k] != ' ')
				continue;
			if (nwords >= 2 && k < len && nt_link_particle(name + k + 1, len - k - 1) &&
			    nt_link_word(name + ws, k - ws))
				nt_link_person(x, i, name + ws, k - ws, 0);
			nwords++;
			ws = k + 1;
		}
		if (!family_first && first < len && nt_link_word(name, first))
			nt_link_person(x, i, name, first, NT_LINK_GIVEN);
	}
}

/* The kept candidate among the first N (sorted by start, disjoint) that
 * starts at view byte I, or NULL. */
static struct nt_cand *
nt_cand_at(struct nt_entities *x, size_t n, size_t i)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (x->cands[mid].vstart < i)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && x->cands[lo].vstart == i ? &x->cands[lo] : NULL;
}

/* Nonzero if a candidate covers any of view bytes [I, I + LEN). */
static int
nt_covered(const struct nt_entities *x, size_t i, size_t len)
{
	return memchr(x->covered + i, 1, len) != NULL;
}

static void
nt_cover(struct nt_entities *x, size_t i, size_t len)
{
	memset(x->covered + i, 1, len);
}

static int
nt_date_span_cmp(const void *p, const void *q)
{
	const struct nt_date_span *a = p, *b = q;

	return a->start < b->start ? -1 : a->start > b->start;
}

/* Note A's date mentions (the dates stage runs first) for nt_on_date. */
static void
nt_note_dates(struct nt_entities *x, const struct nt_article *a)
{
	size_t i;

	x->ndates = 0;
	for (i = 0; i < a->nmentions; i++)
		if (a->mentions[i].kind == NT_KIND_DATE) {
			nt_grow(&x->dates, &x->dates_cap, x->ndates + 1, sizeof *x->dates);
			x->dates[x->ndates].start = a->mentions[i].start;
			x->dates[x->ndates++].end = a->mentions[i].end;
		}
	nt_sort(x->dates, x->ndates, sizeof *x->dates, nt_date_span_cmp);
	for (i = 0; i < x->ndates; i++)
		x->dates[i].reach = i > 0 && x->dates[i - 1].reach > x->dates[i].end ?
				    x->dates[i - 1].reach : x->dates[i].end;
}

/* Nonzero if view bytes [P, P + LEN) of A overlap a date mention noted by
 * nt_note_dates: the last one starting before their end reaches past
 * their start (a binary search, so an article stays linear). */
static int
nt_on_date(const struct nt_entities *x, const struct nt_article *a, size_t p, size_t len)
{
	uint32_t s = a->view_start[p], e = a->view_end[p + len - 1];
	size_t lo = 0, hi = x->ndates;

	while (lo < hi) {   /* the first date starting at or after E */
		size_t mid = lo + (hi - lo) / 2;

		if (x->dates[mid].start < e)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo > 0 && x->dates[lo - 1].reach > s;
}

/* Nonzero if L, a person's name or an ending of it, found again exactly
 * where gazetteer candidate T stands, makes T a mention of that person: T
 * is of another type, linked to nothing and gives no names itself
 * ("Volker Türk", then "Türk said", not the nationality; "Michael
 * Jordan", then "Jordan"). */
static int
nt_link_takes_over(const struct nt_entities *x, const struct nt_link *l, const struct nt_cand *t)
{
	size_t lo = 0, hi = x->nlinks, ti = (size_t)(t - x->cands);

	if (!(l->kind & NT_LINK_PERSON) || t->entity < 0 || t->canon >= 0 ||
	    strcmp(nt_cand_type(x, t), "person") == 0)
		return 0;
	while (lo < hi) {   /* links come by candidate (nt_entities_link): does T give one? */
		size_t mid = lo + (hi - lo) / 2;

		if (x->links[mid].cand < ti)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo == x->nlinks || x->links[lo].cand != ti;
}

/* The view byte where a later mention of link L's name, found at view
 * byte P, starts when the lower-case particles the full name has before
 * that ending stand before P too: "Ursula von der Leyen", then "Von der
 * Leyen" (the ending registered is "Leyen"; a particle may be capitalised
 * at a sentence start).  Words another candidate covers are not taken. */
static size_t
nt_link_particles(const struct nt_entities *x, const struct nt_article *a,
		  const struct nt_link *l, size_t p)
{
	const struct nt_cand *c = &x->cands[l->cand];
	const char *v = a->view;
	size_t q = c->vend - l->len;   /* where the ending starts in the full name */

	if ((l->kind & (NT_LINK_PERSON | NT_LINK_PLAIN)) != NT_LINK_PERSON)
		return p;
	while (q > c->vstart + 1 && v[q - 1] == ' ' && p > 1 && v[p - 1] == ' ') {
		size_t ws = q - 1, tws = p - 1, n;

		while (ws > c->vstart && v[ws - 1] != ' ')
			ws--;
		n = q - 1 - ws;
		if (!(v[ws] >= 'a' && v[ws] <= 'z') || tws < n)
			break;   /* not a particle: the name's given names stay out */
		tws -= n;
		if ((tws > 0 && v[tws - 1] != ' ' && v[tws - 1] != '\n') ||
		    (v[tws] | 0x20) != v[ws] || memcmp(v + tws + 1, v + ws + 1, n - 1) != 0 ||
		    nt_covered(x, tws, n))
			break;
		q = ws;
		p = tws;
	}
	return p;
}

/* Nonzero if the person's name or ending found again at view byte P of A
 * has another given name before it, inside a sentence: one capitalised
 * word of letters, after a lower-case word, a number or a comma, that no
 * candidate covers, that is no date ("in January Henkel said") and that
 * no 'needs' list has (those are titles and honorifics: "President
 * Biden", "Mr Biden").  "with Jill Biden" after "Joe Biden" is someone
 * else. */
static int
nt_link_other_given_name(const struct nt_entities *x, const struct nt_article *a, size_t p)
{
	const char *v = a->view;
	char lower[32];
	size_t ws, k;

	if (p < 4 || v[p - 1] != ' ')
		return 0;
	for (ws = p - 1; ws > 0 && v[ws - 1] >= 'a' && v[ws - 1] <= 'z'; ws--)
		;
	if (ws == 0 || v[ws - 1] < 'A' || v[ws - 1] > 'Z')
		return 0;
	ws--;
	if (p - 1 - ws < 2 || p - 1 - ws >= sizeof lower || ws < 2 || v[ws - 1] != ' ' ||
	    !((v[ws - 2] >= 'a' && v[ws - 2] <= 'z') || (v[ws - 2] >= '0' && v[ws - 2] <= '9') ||
	      v[ws - 2] == ',') ||
	    nt_covered(x, ws, p - 1 - ws) || nt_on_date(x, a, ws, p - 1 - ws))
		return 0;
	if (!x->set->needs)
		return 1;
	for (k = ws; k < p - 1; k++)
		lower[k - ws] = (char)(v[k] | 0x20);
	return !nt_wordset_kinds(x->set->needs, v + ws, p - 1 - ws) &&
	       !nt_wordset_kinds(x->set->needs, lower, p - 1 - ws);
}

/* Link the occurrence of link L's name at view byte P of A, if it may be
 * linked: a free one becomes a new candidate linked to L's; one taken by
 * a pattern-made candidate spelt exactly so, of the same type and not
 * linked yet ("Bayramov" found again by an apposition pattern), is linked
 * to it, and so is one a gazetteer took for a thing of another type when
 * L names a person (nt_link_takes_over); one on a date or in a web
 * address is left alone.  N is the number of candidates before linking.
 * Returns 0 when a later name may still take the occurrence, else 1 (it
 * is claimed). */
static int
nt_link_at(struct nt_entities *x, const struct nt_article *a, const struct nt_link *l, size_t n,
	   size_t p)
{
	struct nt_cand *t;

	if (nt_on_date(x, a, p, l->len) || nt_in_web_address(a, p, p + l->len))
		return 1;   /* "in May" after "Theresa May": a date, taken for good */
	if (l->kind & NT_LINK_GIVEN) {
		t = nt_cand_at(x, n, p);
		if (!t || t->vend != p + l->len || t->entity >= 0 || t->canon >= 0 ||
		    strcmp(t->pat->type, "person") != 0)
			return 0;
		t->canon = (long)l->cand;
		return 1;
	}
	if (!nt_covered(x, p, l->len)) {
		size_t vs = nt_link_particles(x, a, l, p);

		if ((l->kind & NT_LINK_PERSON) && vs == p && nt_link_other_given_name(x, a, p))
			return 0;   /* someone else */
		nt_grow(&x->cands, &x->cands_cap, x->ncands + 1, sizeof *x->cands);
		x->cands[x->ncands] = x->cands[l->cand];
		x->cands[x->ncands].vstart = vs;
		x->cands[x->ncands].vend = p + l->len;
		x->cands[x->ncands].canon = (long)l->cand;
		x->ncands++;
		nt_cover(x, vs, p + l->len - vs);
	} else if ((t = nt_cand_at(x, n, p)) && t->vend == p + l->len && t->entity < 0 &&
		   t->canon < 0) {
		if (strcmp(t->pat->type, nt_cand_type(x, &x->cands[l->cand])) != 0)
			return 0;   /* a later name of that type may take it */
		t->canon = (long)l->cand;
	} else if (t && t->vend == p + l->len && nt_link_takes_over(x, l, t)) {
		size_t vs = t->vstart, ve = t->vend;

		*t = x->cands[l->cand];
		t->vstart = vs;
		t->vend = ve;
		t->canon = (long)l->cand;
	}
	return 1;
}

/* Link the occurrences of link L's name after its candidate (nt_link_at)
 * and, for a person named first in the body, those in the title, which
 * headlines write before the body introduces the person ("Türk alarmed by
 * ...", then "Volker Türk, the UN High Commissioner"): view bytes [0,
 * TITLE_END).  N is the number of candidates before linking. */
static void
nt_link_one(struct nt_entities *x, const struct nt_article *a, const struct nt_link *l, size_t n,
	    size_t title_end)
{
	size_t idx, p;

	if ((l->kind & NT_LINK_PERSON) && x->cands[l->cand].vstart >= title_end)
		for (p = nt_occur_next(&x->occur, l->name, 0, &idx);
		     p != SIZE_MAX && p + l->len <= title_end;
		     p = nt_occur_next(&x->occur, l->name, p + l->len, &idx))
			if (nt_link_at(x, a, l, n, p))
				nt_occur_claim(&x->occur, idx);
	for (p = nt_occur_next(&x->occur, l->name, x->cands[l->cand].vend, &idx); p != SIZE_MAX;
	     p = nt_occur_next(&x->occur, l->name, p + l->len, &idx))
		if (nt_link_at(x, a, l, n, p))   /* claimed, or taken for good */
			nt_occur_claim(&x->occur, idx);
}

/* The end of A's title in its view: the first line that is not blank,
 * when the title is known (scraped or given), else 0. */
static size_t
nt_title_end(const struct nt_article *a)
{
	const char *nl;
	size_t i = 0;

	if (!a->meta[NT_META_TITLE])
		return 0;
	while (i < a->view_len && nt_is_folded_blank(a->view[i]))
		i++;
	nl = memchr(a->view + i, '\n', a->view_len - i);
	return nl ? (size_t)(nl - a->view) : 0;
}

/* Step 4: later mentions of people, short names and bracketed acronyms.
 * Every name the candidates give is found in one pass (occur.h); then,
 * candidate by candidate, each name links its occurrences after the
 * candidate, skipping those another candidate covers.  A candidate that
 * an earlier one has linked gives no names. */
static void
nt_entities_link(struct nt_entities *x, const struct nt_article *a)
{
	size_t n = x->ncands, i, title_end;

	nt_occur_reset(&x->occur);
	x->nlinks = 0;
	/* room for the names' plain forms; one that does not fit is not linked */
	nt_grow(&x->plain, &x->plain_cap, 2 * a->view_len + 16, 1);
	x->plain_len = 0;
	for (i = 0; i < n; i++)
		nt_link_names(x, a, i);
	if (x->nlinks == 0)
		return;
	/* the candidates are disjoint and by start: the first to give a name
	 * ends first; a person's name may be in the title before it */
	title_end = nt_title_end(a);
	nt_occur_find(&x->occur, a, title_end ? 0 : x->cands[x->links[0].cand].vend);
	nt_grow(&x->covered, &x->covered_cap, a->view_len + 1, 1);
	memset(x->covered, 0, a->view_len + 1);
	for (i = 0; i < n; i++)
		nt_cover(x, x->cands[i].vstart, x->cands[i].vend - x->cands[i].vstart);
	nt_note_dates(x, a);
	for (i = 0; i < x->nlinks; i++)
		if (x->cands[x->links[i].cand].canon < 0)
			nt_link_one(x, a, &x->links[i], n, title_end);
}

static int
nt_mention_start(const void *p, const void *q)
{
	const struct nt_mention *a = p, *b = q;

	return a->start < b->start ? -1 : a->start > b->start ? 1 : 0;
}

/* A name in the view, for nt_drop_fallbacks. */
struct nt_name {
	const char *s;
	size_t len;
};

static int
nt_name_cmp(const void *p, const void *q)
{
	const struct nt_name *a = p, *b = q;

	if (a->len != b->len)
		return a->len < b->len ? -1 : 1;
	return memcmp(a->s, b->s, a->len);
}

/* Drop the candidates of fallback patterns that overlap a candidate of
 * another rule, or that spell the short name another rule's candidate
 * gives in the article ("Hoechst Celanese said", where the article also
 * writes "Hoechst Celanese Corp": a company, not a person).  The
 * candidates are sorted by start: one pass finds the overlaps on the left
 * (the furthest end so far), one on the right (the nearest start to
 * come); the short names are sorted and searched. */
static void
nt_drop_fallbacks(struct nt_entities *x, const struct nt_article *a)
{
	size_t i, kept = 0, reach = 0, next = SIZE_MAX, nshort = 0;
	unsigned char *drop = NULL;
	size_t drop_cap = 0;
	struct nt_name *shorts = NULL;

	nt_grow(&drop, &drop_cap, x->ncands, 1);
	for (i = 0; i < x->ncands; i++) {
		const struct nt_cand *c = &x->cands[i];
		int fallback = c->pat && c->pat->fallback;

		drop[i] = fallback && reach > c->vstart;
		if (!fallback && c->vend > reach)
			reach = c->vend;
		if (!fallback && c->short_end > c->short_start) {
			if (!shorts)
				shorts = nt_xmalloc(x->ncands * sizeof *shorts);
			shorts[nshort].s = a->view + c->short_start;
			shorts[nshort++].len = c->short_end - c->short_start;
		}
	}
	nt_sort(shorts, nshort, sizeof *shorts, nt_name_cmp);
	for (i = x->ncands; i-- > 0;) {
		const struct nt_cand *c = &x->cands[i];

		if (c->pat && c->pat->fallback) {
			struct nt_name name = { a->view + c->vstart, c->vend - c->vstart };

			drop[i] |= next < c->vend ||
				   (nshort && bsearch(&name, shorts, nshort, sizeof *shorts, nt_name_cmp));
		} else {
			next = c->vstart;
		}
	}
	for (i = 0; i < x->ncands; i++)
		if (!drop[i])
			x->cands[kept++] = x->cands[i];
	x->ncands = kept;
	free(shorts);
	free(drop);
}

/* Gazetteer callback of --overlaps all: a candidate for each of VALUES
 * not vetoed by its context.  after_place entities are left out: whether
 * one applies depends on the candidate before it, which only the scan
 * that chose the mentions knew. */
static void
nt_entities_each(void *arg, size_t start, size_t end, const int *values, size_t nvalues)
{
	struct nt_entities *x = arg;
	size_t i;

	for (i = 0; i < nvalues; i++) {
		const struct nt_entity *e = &x->set->ents[values[i]];

		if (!e->after_place && !nt_entity_vetoed(e, x->text, start, end))
			nt_entities_emit(x, start, end, values[i]);
	}
}

/* Nonzero if candidates A and B are the same: one span, one entity (or
 * one pattern's). */
static int
nt_cand_same(const struct nt_cand *a, const struct nt_cand *b)
{
	return a->vstart == b->vstart && a->vend == b->vend && a->entity == b->entity &&
	       (a->entity >= 0 || a->pat == b->pat);
}

/* --overlaps all: add to A the candidates that lost an overlap to one of
 * its mentions [FIRST, NWON) (sorted by start, disjoint), each with the
 * leftmost mention it overlaps as suppressed_by.  The candidates are
 * x->pool (those before overlaps were resolved) and every gazetteer match
 * at every word start, nested ones included (nt_gaz_scan_all); a
 * candidate that a mention spells with the same id is that mention. */
static void
nt_entities_suppressed(struct nt_entities *x, struct nt_article *a, size_t first, size_t nwon)
{
	size_t i;

	x->ncands = 0;
	nt_gaz_scan_all(x->set->gaz, x->text, nt_entities_each, x);
	if (x->npool) {   /* x->cands may be NULL when there is none */
		nt_grow(&x->cands, &x->cands_cap, x->ncands + x->npool, sizeof *x->cands);
		memcpy(x->cands + x->ncands, x->pool, x->npool * sizeof *x->pool);
		x->ncands += x->npool;
	}
	nt_sort(x->cands, x->ncands, sizeof *x->cands, nt_cand_cmp);
	for (i = 0; i < x->ncands; i++) {
		struct nt_cand *c = &x->cands[i];
		const struct nt_mention *w;
		const char *by;
		uint32_t start, end, by_start, by_end;
		size_t lo = first, hi = nwon;
		struct nt_mention *m;

		if (i > 0 && nt_cand_same(c, &x->cands[i - 1]))
			continue;
		nt_article_view_span(a, c->vstart, c->vend, &start, &end);
		while (lo < hi) {   /* the first mention that ends after START */
			size_t mid = lo + (hi - lo) / 2;

			if (a->mentions[mid].end <= start)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo == nwon || a->mentions[lo].start >= end)
			continue;   /* it overlaps no mention: not an overlap it lost */
		w = &a->mentions[lo];
		if (w->start == start && w->end == end && w->id &&
		    (c->entity >= 0 ? strcmp(w->id, x->set->ents[c->entity].id) == 0 :
				      strcmp(w->rule, c->pat->rule) == 0))
			continue;   /* the mention itself */
		by = w->id;   /* copied: adding a mention may move the mentions */
		by_start = w->start;
		by_end = w->end;
		c->canon = -1;
		m = nt_entities_add(x, a, c, NULL);
		m->suppressed_by = by;
		m->by_start = by_start;
		m->by_end = by_end;
	}
}

static int
nt_entities_run(void *ctx, struct nt_article *a, struct nt_err *err)
{
	struct nt_entities *x = ctx;
	size_t i, kept = 0, first = a->nmentions;

	(void)err;
	if (x->set->nents == 0 && x->set->npats == 0)
		return 0;
	x->ncands = 0;
	x->art = a;
	x->text = nt_gaz_text_of(a);
	x->nsenses = 0;
	nt_gaz_scan(x->set->gaz, x->text, nt_entities_choose, nt_entities_emit, x);
	if (x->nsenses)
		nt_entities_one_sense(x);
	nt_entities_patterns(x, a);
	nt_sort(x->cands, x->ncands, sizeof *x->cands, nt_cand_cmp);
	if (x->overlaps_all) {
		x->npool = x->ncands;
		if (x->ncands) {   /* x->cands is NULL until an article has a candidate */
			nt_grow(&x->pool, &x->pool_cap, x->ncands, sizeof *x->pool);
			memcpy(x->pool, x->cands, x->ncands * sizeof *x->cands);
		}
	}
	nt_drop_fallbacks(x, a);
	for (i = 0; i < x->ncands; i++)   /* keep the leftmost, longest, best */
		if (kept == 0 || x->cands[i].vstart >= x->cands[kept - 1].vend)
			x->cands[kept++] = x->cands[i];
	x->ncands = kept;
	nt_entities_link(x, a);
	nt_grow(&x->canon_at, &x->canon_cap, x->ncands + 1, sizeof *x->canon_at);
	for (i = 0; i < x->ncands; i++) {   /* canonical mentions first: links refer to them */
		if (x->cands[i].canon < 0) {
			x->canon_at[i] = a->nmentions;
			nt_entities_add(x, a, &x->cands[i], x->canon_at);
		}
	}
	for (i = 0; i < x->ncands; i++)
		if (x->cands[i].canon >= 0)
			nt_entities_add(x, a, &x->cands[i], x->canon_at);
	nt_sort(a->mentions + first, a->nmentions - first, sizeof *a->mentions, nt_mention_start);
	if (x->overlaps_all)
		nt_entities_suppressed(x, a, first, a->nmentions);
	return 0;
}

const struct nt_stage nt_stage_entities = {
	"entities", nt_entities_keys, nt_entities_init, nt_entities_run, nt_entities_fork,
	nt_entities_fini
};
