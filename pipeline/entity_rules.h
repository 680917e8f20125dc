/* entity_rules.h - compile the entities, classes and patterns sections.
 *
 * The rule sections become one entity table, one gazetteer (gazetteer.h)
 * holding every alias, and a list of compiled PCRE2 patterns.  Compiling
 * reports every problem it finds (through struct nt_config's report) with
 * FILE:LINE:COL, and goes on, so --check-rules lists them all. */
#ifndef NT_ENTITY_RULES_H
#define NT_ENTITY_RULES_H

#include "gazetteer.h"
#include "regex.h"
#include "stage.h"
#include "wordset.h"

struct nt_entity {
	char *id, *type, *label;
	char *rule;              /* "FILE:LINE" of the entry that defined it */
	char *part_of;           /* id of a containing entity, or NULL */
	int priority;            /* higher wins a tie */
	int order;               /* load order of the defining file: later wins a tie */
	char **not_before;       /* folded words that veto a match when they precede it */
	size_t nnot_before;
	char **not_after;        /* ... or follow it */
	size_t nnot_after;
	int after_place;         /* matches only right after "PLACE, ", and wins there: PLACE a
				  * match of one of AFTER_IDS ("Seattle, Washington"), or
				  * when there are none, of the same part_of ("Atlanta,
				  * Georgia") */
	char **after_ids;
	size_t nafter_ids;
};

struct nt_entity_pattern {
	char *id, *type, *rule;
	pcre2_code *code;
	int name_group;          /* number of the group "name", 0 for the whole match */
	int short_group;         /* number of the group "short" (a name later mentions may use), or 0 */
	int priority, order;
	int entity;              /* index of the pinned entity, or -1 */
	char **needs;            /* the first words of its needs phrases, one of which a
				  * match is near (lower-cased unless needs_case: exact), or NULL */
	size_t nneeds;
	unsigned near_before;    /* a match starts at most this many bytes before a needs word */
	unsigned near_after;     /* ... or after its end (both NT_NEEDS_NEAR unless the rule says) */
	int fallback;            /* matches only where no other rule's candidate is */
	char *unknown_in;        /* a word list no word of a match may be common in, or NULL */
	struct nt_wordset *known;       /* its words */
};

/* A pattern with 'needs' is tried only at starts within NT_NEEDS_NEAR
 * bytes of one of its words (unless its needs_before and needs_after say
 * less), and a match may run NT_NEEDS_TAIL bytes past that (entities.c). */
#define NT_NEEDS_NEAR 160
#define NT_NEEDS_TAIL 240

struct nt_entity_set {
	struct nt_entity *ents;
	size_t nents, ents_cap;
	struct nt_gaz *gaz;      /* values are indices into ents */
	struct nt_entity_pattern *pats;
	size_t npats, pats_cap;
	/* The words of every pattern's 'needs', for one lookup per word of an
	 * article: a word's kinds are K + 1, and the patterns that need it are
	 * needs_pats[needs_off[K] .. needs_off[K + 1]), ascending. */
	struct nt_wordset *needs;
	uint32_t *needs_off, *needs_pats;
	/* Family names written first (the class surname_first of the rules),
	 * without their accents, sorted (strcmp): a person's name that opens
	 * with one gives it alone to later mentions ("Xi" after "Xi
	 * Jinping"), see nt_entity_set_surname_first. */
	char **surname_first;
	size_t nsurname_first;
	const unsigned char *map;   /* the cache file the gazetteer points into, or NULL */
	size_t map_len;
};

/* Compile the rule sections of RULES into S.  Returns 0, or -1 when a
 * problem was reported as an error (ERR then says how many). */
int nt_entity_set_compile(struct nt_entity_set *s, const struct nt_rules *rules,
			  const struct nt_config *cfg, struct nt_err *err);
void nt_entity_set_free(struct nt_entity_set *s);

/* Nonzero if the LEN bytes at WORD, without their accents, are one of
 * S's family names written first. */
int nt_entity_set_surname_first(const struct nt_entity_set *s, const char *word, size_t len);

/* Write S to the cache file PATH under KEY (errors are ignored: a cache
 * that cannot be written is simply not there next time). */
void nt_entity_set_save(const struct nt_entity_set *s, const char *path, uint64_t key);

/* Read S from the cache file PATH if it was written under KEY by this
 * version of newstag.  Returns 0, or -1 (S empty) when it is absent,
 * stale or damaged. */
int nt_entity_set_restore(struct nt_entity_set *s, const char *path, uint64_t key);

/* M: match data for any pattern of S, with the patterns' limits (one per
 * thread; free it with nt_matcher_free). */
void nt_entity_set_matcher(const struct nt_entity_set *s, struct nt_matcher *m);

/* Index of the entity with id ID, or -1. */
int nt_entity_find(const struct nt_entity_set *s, const char *id);

/* An id made from NAME: accents stripped, lower case, Latin letters
 * with no decomposition spelt in ASCII ("Jørgen" -> "jorgen", "Əliyev"
 * -> "eliyev"), a full stop inside a word dropped, runs of anything else
 * but letters and digits turned into one '-' ("Helga Maria Schmid" ->
 * "helga-maria-schmid", "U.S. Open" -> "us-open", the same as "US
 * Open").  Malloc'd. */
char *nt_entity_slug(const char *name, size_t len);

#endif
