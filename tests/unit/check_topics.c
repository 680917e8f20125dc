/* check_topics.c - unit tests of the topics stage (topics.c).
 *
 *   - every problem topics.c reports while compiling its rules, with its
 *     exact message and FILE:LINE:COL, from small YAML files written into a
 *     mkdtemp directory (messages are recorded through struct nt_config's
 *     report callback, with that directory stripped from the paths);
 *   - the stage on articles normalized by the real normalize stage
 *     ($srcdir/rules/normalize.yaml; make check sets srcdir): every kind of
 *     condition, weights, lead_boost, thresholds, the score formula,
 *     parents, --topics-min-score and --topics-top, the order of topics and
 *     the evidence mentions (kind, topic index, offsets, rule).
 *
 * Test articles start with a neutral first paragraph ("LEAD") so that the
 * evidence after it is outside the lead and counts its plain weight.
 */
#include <check.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "article.h"
#include "normalize.h"
#include "rulefiles.h"
#include "rules.h"
#include "stage.h"
#include "topics.h"

/* ---------------------------------------------------------------- helpers */


static struct nt_rules rules;
static struct nt_err cerr;

/* Load the rule files named in the NULL-terminated list (in dir) and
 * initialize the topics stage on them.  Returns its context or NULL. */
static void *
compile(const char *name, ...)
{
	struct nt_config cfg = { .report = record };
	va_list ap;
	void *ctx;

	va_start(ap, name);
	rulefiles_load(&rules, 0, name, ap);
	va_end(ap);
	cerr.text[0] = '\0';
	ctx = nt_stage_topics.init(&rules, &cfg, &cerr);
	if (!ctx)
		ck_assert_int_gt(nerrors, 0);
	return ctx;
}

/* Compile the single file NAME holding TEXT; expect failure with exactly
 * the messages WANT and the summary "N error(s) in topic rules". */
static void
expect_errors(const char *name, const char *text, const char *want)
{
	char summary[64];

	put(name, text);
	ck_assert_ptr_null(compile(name, NULL));
	ck_assert_str_eq(msgs, want);
	snprintf(summary, sizeof summary, "%d error%s in topic rules", nerrors,
		 nerrors == 1 ? "" : "s");
	ck_assert_str_eq(cerr.text, summary);
	nt_rules_free(&rules);
}

/* Like expect_errors, for one message naming a rule by its full path:
 * HEAD, then DIR/, then TAIL. */
static void
expect_full_path(const char *name, const char *text, const char *head, const char *tail)
{
	char full[2048];

	snprintf(full, sizeof full, "%s%s/%s", head, dir, tail);
	expect_errors(name, text, full);
}

/* ---------------------------------------------------- compile: problems */

START_TEST(test_ok_minimal)
{
	void *ctx;

	put("ok.yaml", "topics:\n"
		       "  - id: humanitarian-aid\n"
		       "    any: [humanitarian aid]\n"
		       "  - id: mine-action\n"
		       "    label: Mine action\n"
		       "    parent: humanitarian-aid\n"
		       "    any: [mine action, demining]\n"
		       "    min_any: 1\n"
		       "    all: []\n"
		       "    none: [gold mine]\n"
		       "    patterns: ['\\bmines?\\b(?=\\s+threat)']\n"
		       "    entities: [unicef]\n"
		       "    types: [event]\n"
		       "    near:\n"
		       "      - {words: [mine, mines], with: [threat, victims], within: 5}\n"
		       "    weight: {any: 1, all: 1, patterns: 1, entities: 1, types: 0.5, near: 1}\n"
		       "    lead_boost: 2\n"
		       "    threshold: 0.5\n");
	ctx = compile("ok.yaml", NULL);
	ck_assert_ptr_nonnull(ctx);
	ck_assert_str_eq(msgs, "");
	ck_assert_int_eq(nerrors, 0);
	nt_stage_topics.fini(ctx);
	nt_rules_free(&rules);
}
END_TEST

START_TEST(test_err_not_a_mapping)
{
	expect_errors("t1.yaml", "topics:\n  - just a string\n",
		      "t1.yaml:2:5: a topic must be a mapping with an 'id'");
	expect_errors("t2.yaml", "topics:\n  - [a, b]\n",
		      "t2.yaml:2:5: a topic must be a mapping with an 'id'");
	expect_errors("t3.yaml", "topics:\n  id: x\n", "t3.yaml:2:3: 'topics' must be a list");
	expect_errors("t4.yaml", "topics: x\n", "t4.yaml:1:9: 'topics' must be a list");
}
END_TEST

START_TEST(test_err_unknown_key)
{
	expect_errors("t.yaml", "topics:\n  - id: a\n    any: [x]\n    anny: [y]\n",
		      "t.yaml:4:5: unknown key 'anny' in topic (expected: id, label, parent, any, "
		      "min_any, all, none, patterns, entities, types, near, weight, lead_boost, "
		      "threshold)");
	expect_errors("d.yaml", "topics:\n  - id: a\n    any: [x]\n    any: [y]\n",
		      "d.yaml:4:5: duplicate key 'any' in topic (first at line 3)");
}
END_TEST

START_TEST(test_err_missing_id)
{
	expect_errors("t1.yaml", "topics:\n  - any: [x]\n", "t1.yaml:2:5: topic needs an 'id'");
	expect_errors("t2.yaml", "topics:\n  - id: [a]\n    any: [x]\n",
		      "t2.yaml:2:5: topic needs an 'id'");
	expect_errors("t3.yaml", "topics:\n  - id: ''\n    any: [x]\n",
		      "t3.yaml:2:5: topic needs an 'id'");
}
END_TEST

START_TEST(test_err_duplicate_id)
{
	expect_full_path("t.yaml", "topics:\n  - id: a\n    any: [x]\n  - id: b\n    any: [y]\n"
				   "  - id: a\n    any: [z]\n",
			 "t.yaml:6:9: duplicate topic id 'a' (first at ", "t.yaml:2)");
}
END_TEST

START_TEST(test_err_duplicate_id_across_files)
{
	char want[1024];

	put("1.yaml", "topics:\n  - id: a\n    any: [x]\n");
	put("2.yaml", "topics:\n\n  - id: a\n    any: [y]\n");
	ck_assert_ptr_null(compile("1.yaml", "2.yaml", NULL));
	snprintf(want, sizeof want, "2.yaml:3:9: duplicate topic id 'a' (first at %s/1.yaml:2)", dir);
	ck_assert_str_eq(msgs, want);
	ck_assert_str_eq(cerr.text, "1 error in topic rules");
	nt_rules_free(&rules);
}
END_TEST

START_TEST(test_err_bad_numbers)
{
	expect_errors("t.yaml",
		      "topics:\n"
		      "  - id: a\n"
		      "    any: [x]\n"
		      "    threshold: 1.5\n"
		      "    lead_boost: -1\n"
		      "    min_any: -1\n"
		      "  - id: b\n"
		      "    any: [x]\n"
		      "    threshold: high\n"
		      "    lead_boost: 101\n"
		      "    min_any: 2x\n"
		      "  - id: c\n"
		      "    any: [x]\n"
		      "    threshold: [0.5]\n"
		      "    min_any: 1001\n"
		      "    near:\n"
		      "      - {words: [w], with: [v], within: 0}\n"
		      "      - {words: [w], with: [v], within: 101}\n"
		      "      - {words: [w], with: [v], within: five}\n"
		      "    weight: {any: -0.5, all: 101, near: many}\n",
		      "t.yaml:4:16: must be a number from 0 to 1\n"
		      "t.yaml:5:17: must be a number from 0 to 100\n"
		      "t.yaml:6:14: must be a number from 0 to 1000\n"
		      "t.yaml:9:16: must be a number from 0 to 1\n"
		      "t.yaml:10:17: must be a number from 0 to 100\n"
		      "t.yaml:11:14: must be a number from 0 to 1000\n"
		      "t.yaml:14:16: must be a number from 0 to 1\n"
		      "t.yaml:15:14: must be a number from 0 to 1000\n"
		      "t.yaml:20:19: must be a number from 0 to 100\n"
		      "t.yaml:20:30: must be a number from 0 to 100\n"
		      "t.yaml:20:41: must be a number from 0 to 100\n"
		      "t.yaml:17:41: must be a number from 1 to 100\n"
		      "t.yaml:18:41: must be a number from 1 to 100\n"
		      "t.yaml:19:41: must be a number from 1 to 100");
}
END_TEST

START_TEST(test_err_weight_not_a_mapping)
{
	expect_errors("t1.yaml", "topics:\n  - id: a\n    any: [x]\n    weight: 1\n",
		      "t1.yaml:4:13: 'weight' must map conditions to numbers");
	expect_errors("t2.yaml", "topics:\n  - id: a\n    any: [x]\n    weight: [any, 1]\n",
		      "t2.yaml:4:13: 'weight' must map conditions to numbers");
}
END_TEST

START_TEST(test_err_unknown_weight_condition)
{
	/* 'none' and the two sides of 'near' carry no weight of their own */
	expect_errors("t.yaml",
		      "topics:\n  - id: a\n    any: [x]\n"
		      "    weight: {none: 1, words: 1, with: 1, pattern: 2, near: 1, types: 1}\n",
		      "t.yaml:4:14: unknown condition 'none' in weight\n"
		      "t.yaml:4:23: unknown condition 'words' in weight\n"
		      "t.yaml:4:33: unknown condition 'with' in weight\n"
		      "t.yaml:4:42: unknown condition 'pattern' in weight");
}
END_TEST

START_TEST(test_err_phrases)
{
	expect_errors("t.yaml",
		      "topics:\n"
		      "  - id: a\n"
		      "    any: [ok, [x], '...', {p: q}, '']\n"
		      "    all: mine\n"
		      "    none: {gold: mine}\n"
		      "  - id: b\n"
		      "    any: ['- -']\n"
		      "    all: [fine, '  ']\n",
		      "t.yaml:3:15: a phrase must be a string with a letter or digit\n"
		      "t.yaml:3:20: a phrase must be a string with a letter or digit\n"
		      "t.yaml:3:27: a phrase must be a string with a letter or digit\n"
		      "t.yaml:3:35: a phrase must be a string with a letter or digit\n"
		      "t.yaml:4:10: 'all' must be a list of phrases\n"
		      "t.yaml:5:11: 'none' must be a list of phrases\n"
		      "t.yaml:7:11: a phrase must be a string with a letter or digit\n"
		      "t.yaml:8:17: a phrase must be a string with a letter or digit");
}
END_TEST

START_TEST(test_err_patterns)
{
	expect_errors("t1.yaml", "topics:\n  - id: a\n    patterns: 'mine'\n",
		      "t1.yaml:3:15: 'patterns' must be a list of regexes");
	expect_errors("t2.yaml", "topics:\n  - id: a\n    patterns: [ok, [x], {a: b}]\n",
		      "t2.yaml:3:20: a pattern must be a string\n"
		      "t2.yaml:3:25: a pattern must be a string");
}
END_TEST

START_TEST(test_err_bad_regex)
{
	expect_errors("t1.yaml", "topics:\n  - id: a\n    patterns: ['mine(s']\n",
		      "t1.yaml:3:23: bad regex: missing closing parenthesis");
	expect_errors("t2.yaml", "topics:\n  - id: a\n    patterns:\n      - 'ok'\n      - 'a[b'\n",
		      "t2.yaml:5:13: bad regex: missing terminating ] for character class");
	expect_errors("t3.yaml", "topics:\n  - id: a\n    patterns: ['x{3,1}']\n",
		      "t3.yaml:3:22: bad regex: numbers out of order in {} quantifier");
}
END_TEST

START_TEST(test_err_bad_regex_utf8_column)
{
	/* columns count code points (err.h): after 'ééé(x' is column 22, not 25 */
	expect_errors("t.yaml",
		      "topics:\n  - id: a\n    patterns: ['\xc3\xa9\xc3\xa9\xc3\xa9(x']\n",
		      "t.yaml:3:22: bad regex: missing closing parenthesis");
	/* and in a plain scalar: after 'éé[x' is column 13 */
	expect_errors("p.yaml",
		      "topics:\n  - id: a\n    patterns:\n      - \xc3\xa9\xc3\xa9[x\n",
		      "p.yaml:4:13: bad regex: missing terminating ] for character class");
}
END_TEST

START_TEST(test_err_near)
{
	expect_errors("t.yaml",
		      "topics:\n"
		      "  - id: a\n"
		      "    near:\n"
		      "      - {words: [mine], within: 3}\n"
		      "      - {with: [threat]}\n"
		      "      - {}\n"
		      "      - {words: [mine], with: [threat], width: 3}\n"
		      "      - just words\n"
		      "      - {words: mine, with: [threat]}\n"
		      "      - {words: [mine], with: [[threat]]}\n"
		      "  - id: b\n"
		      "    near: {words: [mine], with: [threat]}\n",
		      "t.yaml:4:9: 'near' needs 'words' and 'with'\n"
		      "t.yaml:5:9: 'near' needs 'words' and 'with'\n"
		      "t.yaml:6:9: 'near' needs 'words' and 'with'\n"
		      "t.yaml:7:41: unknown key 'width' in near (expected: words, with, within)\n"
		      "t.yaml:8:9: near must be a mapping\n"
		      "t.yaml:9:17: 'words' must be a list of phrases\n"
		      "t.yaml:10:32: a phrase must be a string with a letter or digit\n"
		      "t.yaml:12:11: 'near' must be a list of {words, with, within}");
}
END_TEST

START_TEST(test_err_entities_types)
{
	expect_errors("t.yaml",
		      "topics:\n"
		      "  - id: a\n"
		      "    entities: unicef\n"
		      "    types: {event: 1}\n",
		      "t.yaml:3:15: must be a list of ids\n"
		      "t.yaml:4:12: must be a list of ids");
}
END_TEST

START_TEST(test_err_unknown_parent)
{
	/* parents are resolved after every file is read: the message points
	 * at the parent value */
	expect_errors("t1.yaml", "topics:\n  - id: a\n    parent: nope\n    any: [x]\n",
		      "t1.yaml:3:13: unknown parent 'nope' of topic 'a'");
	/* a topic is not its own parent */
	expect_errors("t2.yaml", "topics:\n  - id: a\n    any: [x]\n  - id: b\n    parent: b\n"
				 "    any: [y]\n",
		      "t2.yaml:5:13: unknown parent 'b' of topic 'b'");
}
END_TEST

START_TEST(test_err_parent_cycle)
{
	/* once, at the first topic of the cycle; "d" only leads into it */
	expect_errors("t.yaml", "topics:\n  - id: a\n    parent: c\n    any: [x]\n"
				"  - id: b\n    parent: a\n    any: [y]\n"
				"  - id: c\n    parent: b\n    any: [z]\n"
				"  - id: d\n    parent: b\n    any: [w]\n",
		      "t.yaml:3:13: topic 'a' is its own ancestor (through parent 'c')");
}
END_TEST

/* Compile the single file NAME holding TEXT; expect success with exactly
 * the warnings WANT. */
static void
expect_warnings(const char *name, const char *text, const char *want)
{
	void *ctx;

	put(name, text);
	ctx = compile(name, NULL);
	ck_assert_ptr_nonnull(ctx);
	ck_assert_str_eq(msgs, want);
	nt_stage_topics.fini(ctx);
	nt_rules_free(&rules);
}

START_TEST(test_warn_never_reported)
{
	expect_warnings("t.yaml", "topics:\n  - id: a\n    label: A\n",
			"t.yaml:2:5: warning: topic 'a' has no any, all, near, patterns, entities "
			"or types: it is never reported");
	expect_warnings("t.yaml", "topics:\n  - id: a\n    any: [x, y]\n    min_any: 3\n",
			"t.yaml:4:14: warning: min_any is 3 but 'any' has 2 phrases: topic 'a' is "
			"never reported");
	expect_warnings("t.yaml", "topics:\n  - id: a\n    any: [x]\n    threshold: 1\n",
			"t.yaml:4:16: warning: no score reaches threshold 1: topic 'a' is never "
			"reported");
	/* whole words, folded: "Coal-Mine Workers" holds "coal mine", "coalmine" does not */
	expect_warnings("t.yaml", "topics:\n  - id: a\n    any: [Coal-Mine Workers, coalmine, "
				  "mine]\n    all: [the coal mine]\n    none: [coal mine]\n",
			"t.yaml:3:11: warning: 'Coal-Mine Workers' holds the 'none' phrase 'coal "
			"mine', which hides it: it never counts\n"
			"t.yaml:4:11: warning: 'the coal mine' holds the 'none' phrase 'coal mine', "
			"which hides it: the topic is never reported");
	/* checked only when entity rules were read */
	expect_warnings("t.yaml", "topics:\n  - id: a\n    entities: [nope]\n", "");
	expect_warnings("t.yaml", "entities:\n  - id: yes\n    type: person\n    aliases: [Y]\n"
				  "topics:\n  - id: a\n    entities: [nope, yes]\n",
			"t.yaml:7:16: warning: no entity rule defines 'nope'");
	/* nothing more about a topic that has an error */
	expect_errors("t.yaml", "topics:\n  - id: a\n    any: x\n",
		      "t.yaml:3:10: 'any' must be a list of phrases");
}
END_TEST

START_TEST(test_warn_duplicate_phrase)
{
	char want[4096];

	/* folded alike, in one list of one topic: left out, so that an
	 * occurrence does not count twice; in another list or topic, kept;
	 * patterns: the same text */
	snprintf(want, sizeof want,
		 "t.yaml:3:22: warning: 'Blue-Chip' folds to the same phrase as %s/t.yaml:3: left "
		 "out, so that it does not count twice\n"
		 "t.yaml:5:17: warning: 'X-Y' folds to the same phrase as %s/t.yaml:5: left out\n"
		 "t.yaml:8:22: warning: the same pattern as at line 8: left out, so that it does not "
		 "count twice",
		 dir, dir);
	expect_warnings("t.yaml", "topics:\n  - id: a\n    any: [blue chip, Blue-Chip]\n"
				  "    all: [blue chip]\n    none: [x y, X-Y]\n"
				  "    near:\n      - {words: [p], with: [p, q]}\n"
				  "    patterns: ['x+', 'x+', 'X+']\n"
				  "  - id: b\n    any: [blue chip]\n    patterns: ['x+']\n",
			want);
}
END_TEST

START_TEST(test_parent_in_later_file)
{
	void *ctx;

	put("child.yaml", "topics:\n  - id: c\n    parent: p\n    any: [x]\n");
	put("parent.yaml", "topics:\n  - id: p\n    any: [y]\n");
	ctx = compile("child.yaml", "parent.yaml", NULL);
	ck_assert_ptr_nonnull(ctx);
	ck_assert_str_eq(msgs, "");
	nt_stage_topics.fini(ctx);
	nt_rules_free(&rules);
}
END_TEST

START_TEST(test_err_many)
{
	/* every problem is reported, not only the first */
	expect_errors("t.yaml",
		      "topics:\n"
		      "  - id: a\n"
		      "    any: ['!']\n"
		      "    threshold: 2\n"
		      "  - oops\n"
		      "  - id: b\n"
		      "    patterns: ['(']\n"
		      "    weight: {nope: 1}\n",
		      "t.yaml:4:16: must be a number from 0 to 1\n"
		      "t.yaml:3:11: a phrase must be a string with a letter or digit\n"
		      "t.yaml:5:5: a topic must be a mapping with an 'id'\n"
		      "t.yaml:8:14: unknown condition 'nope' in weight\n"
		      "t.yaml:7:18: bad regex: missing closing parenthesis");
	ck_assert_int_eq(nerrors, 5);
}
END_TEST

START_TEST(test_id_syntax_checked)
{
	/* rules/README: "id: ... required, unique: [a-z0-9][a-z0-9._:-]*", and
	 * the entities stage rejects such ids ("bad id '...'").  topics.c
	 * accepts any id. */
	void *ctx;

	put("t.yaml", "topics:\n  - id: Mine Action!\n    any: [demining]\n");
	ctx = compile("t.yaml", NULL);

	if (ctx)
		nt_stage_topics.fini(ctx);
	nt_rules_free(&rules);
	ck_assert_msg(ctx == NULL && nerrors == 1 && strncmp(msgs, "t.yaml:2:9: ", 12) == 0,
		      "topic id 'Mine Action!' was accepted (messages: '%s')", msgs);
}
END_TEST

/* ------------------------------------------------------------- the stage */

static void *norm, *tops;

/* Load normalize.yaml and the rule files in the NULL-terminated list, and
 * open the normalize and topics stages with --topics-min-score MIN and
 * --topics-top TOP. */
static void
stage_open_with(double min, size_t top, const char *name, ...)
{
	struct nt_config cfg = { .report = record, .topics_min_score = min, .topics_top = top };
	struct nt_err err = { "" };
	va_list ap;

	va_start(ap, name);
	rulefiles_load(&rules, 1, name, ap);
	va_end(ap);
	norm = nt_stage_normalize.init(&rules, &cfg, &err);
	ck_assert_msg(norm != NULL, "normalize: %s", err.text);
	tops = nt_stage_topics.init(&rules, &cfg, &err);
	ck_assert_msg(tops != NULL, "topics: %s\n%s", err.text, msgs);
	ck_assert_str_eq(msgs, "");
	/* the stage keeps what it needs: the rules may go at once */
	nt_rules_free(&rules);
}

#define stage_open(...) stage_open_with(0, 0, __VA_ARGS__)

static void
stage_close(void)
{
	nt_stage_topics.fini(tops);
	nt_stage_normalize.fini(norm);
}

static struct nt_article *art;

/* Code points [start, end) of A's original text (static buffer). */
static const char *
surface(const struct nt_article *a, uint32_t start, uint32_t end)
{
	static char buf[4096];
	size_t len = a->cp_at[end] - a->cp_at[start];

	ck_assert_uint_lt(len, sizeof buf);
	memcpy(buf, a->text + a->cp_at[start], len);
	buf[len] = '\0';
	return buf;
}

/* The code-point offset of the Nth (0-based) occurrence of S in A's
 * original text. */
static uint32_t
cp_of(const struct nt_article *a, const char *s, int nth)
{
	const char *p = a->text;
	uint32_t i;

	for (;;) {
		p = strstr(p, s);
		ck_assert_msg(p != NULL, "'%s' not in the text", s);
		if (nth-- == 0)
			break;
		p++;
	}
	for (i = 0; i < a->ncp && a->cp_at[i] < (size_t)(p - a->text); i++)
		;
	return i;
}

/* Reset the article to S and normalize it. */
static void
prep(const char *s)
{
	struct nt_err err = { "" };

	if (!art)
		art = nt_article_new();
	nt_article_reset(art);
	nt_article_append_raw(art, s, strlen(s));
	ck_assert_int_eq(nt_stage_normalize.run(norm, art, &err), 0);
}

/* Add an entity mention (as the entities stage would) over the Nth
 * occurrence of SURF in the text. */
static void
add_entity(const char *surf, int nth, const char *id, const char *type)
{
	uint32_t start = cp_of(art, surf, nth);
	struct nt_mention *m;
	uint32_t end = start;
	const char *p;

	for (p = surf; *p; p++)   /* code points of SURF */
		end += ((unsigned char)*p & 0xC0) != 0x80;
	m = nt_article_add_mention(art, NT_KIND_ENTITY, start, end);
	m->id = id;
	m->type = type;
	m->label = id;
	m->rule = "entities.yaml:7";
}

/* Run the topics stage on the prepared article; the topics as
 * "id=score" (score with 4 decimals) separated by "; ", after checking
 * the invariants of topics and evidence. */
static const char *
run(void)
{
	static char out[4096];
	struct nt_err err = { "" };
	size_t i, len = 0;

	ck_assert_int_eq(nt_stage_topics.run(tops, art, &err), 0);
	out[0] = '\0';
	for (i = 0; i < art->ntopics; i++) {
		const struct nt_topic *t = &art->topics[i];

		ck_assert_ptr_nonnull(t->id);
		ck_assert_ptr_nonnull(t->label);
		ck_assert(t->score >= 0 && t->score <= 1);
		if (i > 0)   /* best first */
			ck_assert(art->topics[i - 1].score >= t->score);
		len += (size_t)snprintf(out + len, sizeof out - len, "%s%s=%.4f", i ? "; " : "",
					t->id, t->score);
		ck_assert_uint_lt(len, sizeof out);
	}
	for (i = 0; i < art->nmentions; i++) {
		const struct nt_mention *m = &art->mentions[i];

		if (m->kind != NT_KIND_TOPIC)
			continue;
		ck_assert_int_ge(m->topic, 0);
		ck_assert_int_lt(m->topic, (int)art->ntopics);
		ck_assert_str_eq(m->id, art->topics[m->topic].id);
		ck_assert_ptr_nonnull(m->label);
		ck_assert_ptr_nonnull(m->rule);
		ck_assert_uint_lt(m->start, m->end);
		ck_assert_uint_le(m->end, art->ncp);
	}
	return out;
}

static const char *
tag(const char *s)
{
	prep(s);
	return run();
}

/* Evidence of topic ID as "surface@rule-line" separated by "; " in
 * mention order (rule line: what follows the last ':' of m->rule). */
static const char *
evidence(const char *id)
{
	static char out[4096];
	size_t i, len = 0;

	out[0] = '\0';
	for (i = 0; i < art->nmentions; i++) {
		const struct nt_mention *m = &art->mentions[i];
		const char *line;

		if (m->kind != NT_KIND_TOPIC || strcmp(m->id, id) != 0)
			continue;
		line = strrchr(m->rule, ':');
		len += (size_t)snprintf(out + len, sizeof out - len, "%s%s@%s", len ? "; " : "",
					surface(art, m->start, m->end), line ? line + 1 : m->rule);
		ck_assert_uint_lt(len, sizeof out);
	}
	return out;
}

/* The score of topic ID (-1 if absent). */
static double
score(const char *id)
{
	size_t i;

	for (i = 0; i < art->ntopics; i++)
		if (strcmp(art->topics[i].id, id) == 0)
			return art->topics[i].score;
	return -1;
}

/* The score the README promises for a weighted sum S. */
static double
expect_score(double s)
{
	return 1 - exp(-s / 2);
}

#define ck_score(id, sum) \
	ck_assert_double_eq_tol(score(id), expect_score(sum), 1e-9)

static void
untag(void)
{
	nt_article_free(art);
	art = NULL;
}

/* A neutral first paragraph: evidence after it is outside the lead. */
#define LEAD "Officials met on Monday.\n\n"

START_TEST(test_stage_any_and_formula)
{
	put("t.yaml", "topics:\n"
		      "  - id: mine-action\n"
		      "    label: Mine action\n"
		      "    any: [mine action, demining, landmine]\n"
		      "    threshold: 0.3\n");
	stage_open("t.yaml", NULL);
	ck_assert_str_eq(tag(LEAD "Nothing relevant here."), "");
	ck_assert_uint_eq(art->nmentions, 0);
	/* one plain phrase: 1 - exp(-1/2) = 0.39 */
	ck_assert_str_eq(tag(LEAD "They discussed demining."), "mine-action=0.3935");
	ck_score("mine-action", 1);
	ck_assert_str_eq(art->topics[0].label, "Mine action");
	/* two: 0.63; four: 0.86 */
	tag(LEAD "Demining and mine action.");
	ck_score("mine-action", 2);
	ck_assert_double_eq_tol(score("mine-action"), 0.6321205588, 1e-9);
	tag(LEAD "Demining, demining, landmine and Mine-Action.");
	ck_score("mine-action", 4);
	ck_assert_double_eq_tol(score("mine-action"), 0.8646647168, 1e-9);
	untag();
	stage_close();
}
END_TEST

START_TEST(test_stage_min_any_distinct)
{
	put("t.yaml", "topics:\n"
		      "  - id: m\n"
		      "    any: [demining, landmine, mine clearance]\n"
		      "    min_any: 2\n"
		      "    threshold: 0\n");
	stage_open("t.yaml", NULL);
	/* repeats add to the score but are one distinct phrase */
	ck_assert_str_eq(tag(LEAD "Demining, demining and more demining."), "");
	ck_assert_uint_eq(art->nmentions, 0);
	ck_assert_str_eq(tag(LEAD "Demining, demining and a landmine."), "m=0.7769");
	ck_score("m", 3);
	/* case and hyphens do not make another phrase */
	ck_assert_str_eq(tag(LEAD "Demining, DEMINING and de-mining."), "");
	untag();
	stage_close();
}
END_TEST

START_TEST(test_stage_all)
{
	put("t.yaml", "topics:\n"
		      "  - id: climate-finance\n"
		      "    any: [climate]\n"
		      "    all: [finance, fund]\n"
		      "    threshold: 0\n"
		      "  - id: only-all\n"
		      "    all: [green bond, coupon]\n"
		      "    threshold: 0\n");
	stage_open("t.yaml", NULL);
	ck_assert_str_eq(tag(LEAD "Climate finance talks."), "");
	ck_assert_str_eq(tag(LEAD "Climate fund talks."), "");
	ck_assert_str_eq(tag(LEAD "Finance and a fund, no c-word."), "");
	ck_assert_str_eq(tag(LEAD "Climate finance from a new fund."), "climate-finance=0.7769");
	ck_score("climate-finance", 3);   /* 'all' phrases are evidence too */
	/* a topic with only 'all' phrases: min_any does not apply */
	ck_assert_str_eq(tag(LEAD "A green bond."), "");
	ck_assert_str_eq(tag(LEAD "A green bond with a coupon."), "only-all=0.6321");
	untag();
	stage_close();
}
END_TEST

START_TEST(test_stage_none_hides)
{
	put("t.yaml", "topics:\n"
		      "  - id: mine-action\n"
		      "    any: [mine, mines]\n"
		      "    none: [gold mine, coal mines]\n"
		      "    threshold: 0\n");
	stage_open("t.yaml", NULL);
	ck_assert_str_eq(tag(LEAD "A gold mine opened."), "");
	ck_assert_uint_eq(art->nmentions, 0);
	ck_assert_str_eq(tag(LEAD "The Gold-Mine and two coal mines."), "");
	/* only the overlapped occurrence is hidden */
	ck_assert_str_eq(tag(LEAD "A gold mine, and a mine on the road."), "mine-action=0.3935");
	ck_assert_str_eq(evidence("mine-action"), "mine@3");
	ck_assert_uint_eq(art->mentions[0].start, cp_of(art, "mine on", 0));
	/* a 'none' phrase alone is no evidence */
	ck_assert_str_eq(tag(LEAD "Gold mine."), "");
	untag();
	stage_close();
}
END_TEST

START_TEST(test_stage_patterns)
{
	put("t.yaml", "topics:\n"
		      "  - id: mine-action\n"
		      "    patterns: ['\\bmines?\\b(?=\\s+(?:threat|victims))', 'UXO']\n"
		      "    threshold: 0\n");
	stage_open("t.yaml", NULL);
	ck_assert_str_eq(tag(LEAD "The mine threat and MINES VICTIMS, not mines alone."),
			 "mine-action=0.6321");
	ck_assert_str_eq(evidence("mine-action"), "mine@3; MINES@3");
	/* caseless */
	ck_assert_str_eq(tag(LEAD "uxo and Uxo."), "mine-action=0.6321");
	ck_assert_str_eq(evidence("mine-action"), "uxo@3; Uxo@3");
	ck_assert_str_eq(tag(LEAD "Mines are mines."), "");
	untag();
	stage_close();
}
END_TEST

START_TEST(test_stage_entities_and_types)
{
	put("t.yaml", "topics:\n"
		      "  - id: children\n"
		      "    entities: [unicef]\n"
		      "    threshold: 0\n"
		      "  - id: events\n"
		      "    types: [event]\n"
		      "    threshold: 0\n"
		      "  - id: both\n"
		      "    entities: [unicef]\n"
		      "    types: [organization]\n"
		      "    threshold: 0\n");
	stage_open("t.yaml", NULL);
	prep(LEAD "UNICEF met at the Baku Summit with UNDP.");
	add_entity("UNICEF", 0, "unicef", "organization");
	add_entity("Baku Summit", 0, "baku-summit", "event");
	add_entity("UNDP", 0, "undp", "organization");
	ck_assert_str_eq(run(), "both=0.5276; children=0.3935; events=0.2212");
	ck_score("children", 1);
	ck_score("events", 0.5);   /* types weigh 0.5 by default */
	/* an entity that satisfies both conditions counts once, as an entity */
	ck_score("both", 1 + 0.5);
	ck_assert_str_eq(evidence("children"), "UNICEF@7");
	ck_assert_str_eq(evidence("events"), "Baku Summit@7");
	ck_assert_str_eq(evidence("both"), "UNICEF@7; UNDP@7");
	/* without mentions, nothing */
	ck_assert_str_eq(tag(LEAD "UNICEF met at the Baku Summit."), "");
	untag();
	stage_close();
}
END_TEST

/* A phrase and an entity on the same words are one piece of evidence,
 * kept as the phrase; an entity over other words still counts. */
START_TEST(test_stage_same_span_counts_once)
{
	put("t.yaml", "topics:\n"
		      "  - id: health\n"
		      "    any: [World Health Organization, cholera]\n"
		      "    entities: [who]\n"
		      "    threshold: 0\n");
	stage_open("t.yaml", NULL);
	prep(LEAD "The World Health Organization (WHO) warned of cholera.");
	add_entity("World Health Organization", 0, "who", "organization");
	add_entity("WHO", 0, "who", "organization");
	run();
	ck_score("health", 1 + 1 + 1);
	ck_assert_str_eq(evidence("health"), "World Health Organization@3; WHO@7; cholera@3");
	untag();
	stage_close();
	/* a phrase in both 'any' and 'all' weighs twice, as the rules say,
	 * meets 'all', and is shown once */
	put("t.yaml", "topics:\n"
		      "  - id: outbreak\n"
		      "    any: [cholera]\n"
		      "    all: [cholera]\n"
		      "    threshold: 0\n");
	stage_open("t.yaml", NULL);
	ck_assert_str_eq(tag(LEAD "A cholera outbreak."), "outbreak=0.6321");
	ck_assert_str_eq(evidence("outbreak"), "cholera@3");
	untag();
	stage_close();
}
END_TEST

START_TEST(test_stage_near)
{
	put("t.yaml", "topics:\n"
		      "  - id: mine-action\n"
		      "    near:\n"
		      "      - {words: [mine, mines], with: [threat, victims], within: 3}\n"
		      "    threshold: 0\n"
		      "  - id: default-within\n"
		      "    near:\n"
		      "      - {words: [flood], with: [warning]}\n"
		      "    threshold: 0\n");
	stage_open("t.yaml", NULL);
	/* a word alone is no evidence */
	ck_assert_str_eq(tag(LEAD "Mines everywhere."), "");
	ck_assert_str_eq(tag(LEAD "A threat."), "");
	ck_assert_str_eq(tag(LEAD "The mine threat."), "mine-action=0.3935");
	ck_assert_str_eq(evidence("mine-action"), "mine threat@4");
	/* within 3 words, either order */
	ck_assert_str_eq(tag(LEAD "Mines are a threat."), "mine-action=0.3935");
	ck_assert_str_eq(evidence("mine-action"), "Mines are a threat@4");
	ck_assert_str_eq(tag(LEAD "Victims of the mines."), "mine-action=0.3935");
	ck_assert_str_eq(evidence("mine-action"), "Victims of the mines@4");
	/* not beyond */
	ck_assert_str_eq(tag(LEAD "Mines are a serious threat."), "");
	/* within defaults to 5 */
	ck_assert_str_eq(tag(LEAD "Flood a b c d warning."), "default-within=0.3935");
	ck_assert_str_eq(tag(LEAD "Flood a b c d e warning."), "");
	/* each 'words' occurrence with a partner is one piece of evidence */
	ck_assert_str_eq(tag(LEAD "Mine threat, then mines and victims."), "mine-action=0.6321");
	untag();
	stage_close();
}
END_TEST

/* A fork (--jobs) shares its original's compiled rules and scores as it
 * does, with its own per-topic counts; freeing the fork leaves the
 * original whole (ASan would catch a rule freed twice or read after). */
START_TEST(test_stage_fork)
{
	const char *text = LEAD "Mines are a threat; demining and mine action go on.";
	char want[4096], evid[4096];
	void *tops0;

	put("t.yaml", "topics:\n"
		      "  - id: mine-action\n"
		      "    any: [mine action, demining]\n"
		      "    patterns: ['\\bmine\\s+action\\b']\n"
		      "    near:\n"
		      "      - {words: [mine, mines], with: [threat], within: 3}\n"
		      "    threshold: 0\n");
	stage_open("t.yaml", NULL);
	snprintf(want, sizeof want, "%s", tag(text));
	snprintf(evid, sizeof evid, "%s", evidence("mine-action"));
	ck_assert_str_ne(want, "");
	tops0 = tops;
	tops = nt_stage_topics.fork(tops0);
	ck_assert_str_eq(tag(text), want);
	ck_assert_str_eq(evidence("mine-action"), evid);
	nt_stage_topics.fini(tops);
	tops = tops0;
	ck_assert_str_eq(tag(text), want);
	untag();
	stage_close();
}
END_TEST

START_TEST(test_stage_weights)
{
	put("t.yaml", "topics:\n"
		      "  - id: w\n"
		      "    any: [alpha]\n"
		      "    all: [beta]\n"
		      "    patterns: ['gamma']\n"
		      "    near:\n"
		      "      - {words: [delta], with: [epsilon], within: 1}\n"
		      "    entities: [org-1]\n"
		      "    types: [event]\n"
		      "    weight: {any: 0.25, all: 3, patterns: 1.5, near: 4, entities: 0.125, "
		      "types: 2}\n"
		      "    threshold: 0\n");
	stage_open("t.yaml", NULL);
	prep(LEAD "Alpha beta gamma delta epsilon Org summit.");
	add_entity("Org", 0, "org-1", "organization");
	add_entity("summit", 0, "x", "event");
	run();
	ck_score("w", 0.25 + 3 + 1.5 + 4 + 0.125 + 2);
	prep(LEAD "Alpha alpha beta.");
	run();
	ck_score("w", 0.25 + 0.25 + 3);
	untag();
	stage_close();
}
END_TEST

START_TEST(test_stage_zero_weight)
{
	/* evidence that weighs nothing does not make a topic */
	put("t.yaml", "topics:\n"
		      "  - id: z\n"
		      "    any: [alpha]\n"
		      "    weight: {any: 0}\n"
		      "    threshold: 0\n");
	stage_open("t.yaml", NULL);
	ck_assert_str_eq(tag(LEAD "Alpha."), "");
	untag();
	stage_close();
}
END_TEST

START_TEST(test_stage_lead_boost)
{
	put("t.yaml", "topics:\n"
		      "  - id: d\n"
		      "    any: [demining]\n"
		      "    threshold: 0\n"
		      "  - id: b3\n"
		      "    any: [landmine]\n"
		      "    lead_boost: 3\n"
		      "    threshold: 0\n"
		      "  - id: b1\n"
		      "    any: [uxo]\n"
		      "    lead_boost: 1\n"
		      "    threshold: 0\n");
	stage_open("t.yaml", NULL);
	/* the first paragraph is the lead: default boost 2 */
	tag("Demining started.\n\nMore text.");
	ck_score("d", 2);
	tag("Some text.\n\nDemining started.");
	ck_score("d", 1);
	tag("Demining started.\n\nDemining went on.\n\nDemining ended.");
	ck_score("d", 2 + 1 + 1);
	tag("Landmine found.\n\nA landmine.");
	ck_score("b3", 3 + 1);
	tag("UXO found.\n\nUXO.");
	ck_score("b1", 1 + 1);
	/* a title line is part of the lead, with the first paragraph after it */
	tag("Demining in Karabakh\n\nDemining started.\n\nDemining went on.");
	ck_assert_str_eq(art->meta[NT_META_TITLE], "Demining in Karabakh");
	ck_score("d", 2 + 2 + 1);
	/* an article of one paragraph is all lead */
	tag("Demining started and demining went on.");
	ck_score("d", 2 + 2);
	untag();
	stage_close();
}
END_TEST

START_TEST(test_stage_lead_boost_other_conditions)
{
	put("t.yaml", "topics:\n"
		      "  - id: p\n"
		      "    patterns: ['gamma']\n"
		      "    near:\n"
		      "      - {words: [delta], with: [epsilon], within: 1}\n"
		      "    entities: [org-1]\n"
		      "    threshold: 0\n");
	stage_open("t.yaml", NULL);
	prep("Gamma. Delta epsilon. Org.\n\nGamma. Delta epsilon. Org.");
	add_entity("Org", 0, "org-1", "organization");
	add_entity("Org", 1, "org-1", "organization");
	run();
	ck_score("p", 3 * 2 + 3 * 1);
	untag();
	stage_close();
}
END_TEST

START_TEST(test_entity_lead_in_one_paragraph)
{
	/* An article of one paragraph is all lead: a phrase there counts twice
	 * (test_stage_lead_boost), but an entity mention counts once, since
	 * nt_topics_weigh compares entity offsets only when lead_end <
	 * view_len. */
	put("t.yaml", "topics:\n"
		      "  - id: e\n"
		      "    entities: [org-1]\n"
		      "    threshold: 0\n");
	stage_open("t.yaml", NULL);
	prep("Org met.");
	add_entity("Org", 0, "org-1", "organization");
	run();
	ck_score("e", 2);
	untag();
	stage_close();
}
END_TEST

START_TEST(test_stage_thresholds)
{
	put("t.yaml", "topics:\n"
		      "  - id: default\n"
		      "    any: [alpha]\n"
		      "  - id: low\n"
		      "    any: [alpha]\n"
		      "    threshold: 0.39\n"
		      "  - id: high\n"
		      "    any: [alpha]\n"
		      "    threshold: 0.87\n");
	stage_open("t.yaml", NULL);
	/* one phrase: 0.3935; the default threshold is 0.5 */
	ck_assert_str_eq(tag(LEAD "Alpha."), "low=0.3935");
	/* two: 0.6321 */
	ck_assert_str_eq(tag(LEAD "Alpha, alpha."), "default=0.6321; low=0.6321");
	/* four: 0.8647 < 0.87; five: 0.9179 */
	ck_assert_str_eq(tag(LEAD "Alpha alpha alpha alpha."), "default=0.8647; low=0.8647");
	ck_assert_str_eq(tag(LEAD "Alpha alpha alpha alpha alpha."),
			 "default=0.9179; high=0.9179; low=0.9179");
	/* the threshold is inclusive */
	untag();
	stage_close();
	put("u.yaml", "topics:\n  - id: high\n    any: [alpha]\n    threshold: 0.999\n"
		      "  - id: zero\n    any: [beta]\n    threshold: 0\n");
	stage_open("u.yaml", NULL);
	ck_assert_str_eq(tag(LEAD "Beta. Alpha alpha alpha alpha alpha."), "zero=0.3935");
	untag();
	stage_close();
}
END_TEST

START_TEST(test_stage_parents)
{
	put("t.yaml", "topics:\n"
		      "  - id: humanitarian\n"
		      "    any: [aid]\n"
		      "  - id: mine-action\n"
		      "    parent: humanitarian\n"
		      "    any: [demining]\n"
		      "    threshold: 0.3\n"
		      "  - id: survey\n"
		      "    parent: mine-action\n"
		      "    any: [survey]\n"
		      "    threshold: 0.3\n"
		      "  - id: other\n"
		      "    parent: humanitarian\n"
		      "    any: [other]\n");
	stage_open("t.yaml", NULL);
	/* a child implies its parent, which takes the child's score */
	ck_assert_str_eq(tag(LEAD "Demining."), "humanitarian=0.3935; mine-action=0.3935");
	/* a parent reported only through its child shows the child's evidence */
	ck_assert_str_eq(evidence("humanitarian"), "Demining@6");
	ck_assert_str_eq(evidence("mine-action"), "Demining@6");
	/* a grandchild lifts every ancestor, with its evidence */
	ck_assert_str_eq(tag(LEAD "Survey, survey."),
			 "humanitarian=0.6321; mine-action=0.6321; survey=0.6321");
	ck_assert_str_eq(evidence("humanitarian"), "Survey@10; survey@10");
	ck_assert_str_eq(evidence("mine-action"), "Survey@10; survey@10");
	/* a parent scoring more keeps its score */
	ck_assert_str_eq(tag(LEAD "Aid, aid, aid and demining."),
			 "humanitarian=0.7769; mine-action=0.3935");
	ck_assert_str_eq(evidence("humanitarian"), "Aid@3; aid@3; aid@3");
	/* a parent scoring less is lifted to the best child */
	ck_assert_str_eq(tag(LEAD "Aid. Survey. Demining, demining."),
			 "humanitarian=0.6321; mine-action=0.6321; survey=0.3935");
	/* a child below its threshold implies nothing */
	ck_assert_str_eq(tag(LEAD "Other."), "");
	untag();
	stage_close();
}
END_TEST

START_TEST(test_stage_sorted)
{
	put("t.yaml", "topics:\n"
		      "  - id: c\n    any: [gamma]\n    threshold: 0\n"
		      "  - id: a\n    any: [alpha]\n    threshold: 0\n"
		      "  - id: b\n    any: [beta]\n    threshold: 0\n"
		      "  - id: d\n    any: [delta]\n    threshold: 0\n");
	stage_open("t.yaml", NULL);
	/* best first, then by id */
	ck_assert_str_eq(tag(LEAD "Gamma. Alpha alpha alpha. Beta beta. Delta delta."),
			 "a=0.7769; b=0.6321; d=0.6321; c=0.3935");
	/* evidence points at the sorted topics */
	ck_assert_str_eq(evidence("a"), "Alpha@6; alpha@6; alpha@6");
	ck_assert_str_eq(evidence("c"), "Gamma@3");
	untag();
	stage_close();
}
END_TEST

START_TEST(test_stage_min_score_and_top)
{
	put("t.yaml", "topics:\n"
		      "  - id: c\n    any: [gamma]\n    threshold: 0\n"
		      "  - id: a\n    any: [alpha]\n    threshold: 0\n"
		      "  - id: b\n    any: [beta]\n    threshold: 0\n");
	stage_open_with(0.6, 0, "t.yaml", NULL);
	ck_assert_str_eq(tag(LEAD "Gamma. Alpha alpha alpha. Beta beta."), "a=0.7769; b=0.6321");
	ck_assert_str_eq(evidence("c"), "");
	untag();
	stage_close();
	stage_open_with(0, 1, "t.yaml", NULL);
	ck_assert_str_eq(tag(LEAD "Gamma. Alpha alpha alpha. Beta beta."), "a=0.7769");
	ck_assert_str_eq(evidence("b"), "");
	ck_assert_str_eq(evidence("a"), "Alpha@6; alpha@6; alpha@6");
	untag();
	stage_close();
	stage_open_with(0.5, 2, "t.yaml", NULL);
	ck_assert_str_eq(tag(LEAD "Gamma. Alpha alpha alpha. Beta beta."), "a=0.7769; b=0.6321");
	ck_assert_str_eq(tag(LEAD "Gamma. Alpha."), "");
	untag();
	stage_close();
	/* the minimum score applies to a lifted parent's score */
	put("p.yaml", "topics:\n"
		      "  - id: parent\n    any: [alpha]\n    threshold: 0\n"
		      "  - id: child\n    parent: parent\n    any: [beta]\n    threshold: 0\n");
	stage_open_with(0.6, 0, "p.yaml", NULL);
	ck_assert_str_eq(tag(LEAD "Alpha. Beta beta."), "child=0.6321; parent=0.6321");
	untag();
	stage_close();
}
END_TEST

START_TEST(test_stage_evidence)
{
	char rule[600];
	size_t i, n = 0;

	put("t.yaml", "topics:\n"
		      "  - id: rights\n"
		      "    label: Human rights\n"
		      "    any:\n"
		      "      - human rights\n"
		      "      - T\xc3\xbcrk\n"
		      "    threshold: 0\n");
	stage_open("t.yaml", NULL);
	/* accents, hyphens, non-breaking space, curly text before: offsets are
	 * code points of the original */
	ck_assert_str_eq(tag(LEAD "\xe2\x80\x9cQuote\xe2\x80\x9d: Human-Rights and "
				  "HUMAN\xc2\xa0rights, said Tu\xcc\x88rk."),
			 "rights=0.7769");
	ck_assert_str_eq(evidence("rights"),
			 "Human-Rights@5; HUMAN\xc2\xa0rights@5; Tu\xcc\x88rk@6");
	snprintf(rule, sizeof rule, "%s/t.yaml:5", dir);
	for (i = 0; i < art->nmentions; i++) {
		const struct nt_mention *m = &art->mentions[i];

		ck_assert_int_eq(m->kind, NT_KIND_TOPIC);
		ck_assert_int_eq(m->topic, 0);
		ck_assert_str_eq(m->id, "rights");
		ck_assert_str_eq(m->label, "Human rights");
		n++;
	}
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(art->mentions[0].rule, rule);
	ck_assert_uint_eq(art->mentions[0].start, cp_of(art, "Human-Rights", 0));
	ck_assert_uint_eq(art->mentions[0].end, cp_of(art, "Human-Rights", 0) + 12);
	ck_assert_uint_eq(art->mentions[2].start, cp_of(art, "Tu\xcc\x88rk", 0));
	ck_assert_uint_eq(art->mentions[2].end, cp_of(art, "Tu\xcc\x88rk", 0) + 5);
	untag();
	stage_close();
}
END_TEST

START_TEST(test_stage_evidence_keeps_other_mentions)
{
	/* mentions of earlier stages stay; topic indexes refer to a->topics */
	put("t.yaml", "topics:\n"
		      "  - id: a\n    any: [alpha]\n    threshold: 0\n"
		      "  - id: b\n    any: [beta]\n    threshold: 0\n");
	stage_open("t.yaml", NULL);
	prep(LEAD "Org: alpha, beta beta.");
	add_entity("Org", 0, "org-1", "organization");
	ck_assert_str_eq(run(), "b=0.6321; a=0.3935");
	ck_assert_uint_eq(art->nmentions, 4);
	ck_assert_int_eq(art->mentions[0].kind, NT_KIND_ENTITY);
	ck_assert_str_eq(art->mentions[0].id, "org-1");
	ck_assert_str_eq(evidence("a"), "alpha@3");
	ck_assert_str_eq(evidence("b"), "beta@6; beta@6");
	untag();
	stage_close();
}
END_TEST

START_TEST(test_stage_shared_phrase)
{
	/* one phrase in several topics is evidence for each */
	put("t.yaml", "topics:\n"
		      "  - id: a\n    any: [mine action]\n    threshold: 0\n"
		      "  - id: b\n    any: [mine action, demining]\n    min_any: 2\n    threshold: 0\n");
	stage_open("t.yaml", NULL);
	ck_assert_str_eq(tag(LEAD "Mine action."), "a=0.3935");
	ck_assert_str_eq(tag(LEAD "Mine action and demining."), "b=0.6321; a=0.3935");
	untag();
	stage_close();
}
END_TEST

START_TEST(test_none_vetoes_only_its_topic)
{
	/* 'none' lists the phrases that never count for ITS topic; here the
	 * 'none' phrase "gold mine" of mine-action also hides "gold" of an
	 * unrelated topic, whose evidence so depends on other topics' rules. */
	put("t.yaml", "topics:\n"
		      "  - id: mine-action\n    any: [mine]\n    none: [gold mine]\n"
		      "  - id: commodities\n    any: [gold]\n    threshold: 0\n");
	stage_open("t.yaml", NULL);
	ck_assert_str_eq(tag(LEAD "The gold price rose."), "commodities=0.3935");
	ck_assert_str_eq(tag(LEAD "A gold mine opened."), "commodities=0.3935");
	untag();
	stage_close();
}
END_TEST

START_TEST(test_stage_no_rules)
{
	/* no 'topics' at all, or an empty list: the stage adds nothing */
	put("n.yaml", "topics: []\n");
	stage_open("n.yaml", NULL);
	ck_assert_str_eq(tag(LEAD "Mine action and human rights."), "");
	ck_assert_uint_eq(art->ntopics, 0);
	ck_assert_uint_eq(art->nmentions, 0);
	untag();
	stage_close();
	stage_open(NULL);
	ck_assert_str_eq(tag(LEAD "Mine action and human rights."), "");
	ck_assert_uint_eq(art->nmentions, 0);
	untag();
	stage_close();
}
END_TEST

START_TEST(test_stage_reuse)
{
	/* the same context over many articles: nothing carries over */
	int i;

	put("t.yaml", "topics:\n  - id: a\n    any: [alpha, beta]\n    min_any: 2\n"
		      "    near:\n      - {words: [x], with: [y]}\n    threshold: 0\n");
	stage_open("t.yaml", NULL);
	for (i = 0; i < 50; i++) {
		ck_assert_str_eq(tag(LEAD "Alpha x y."), "");
		ck_assert_str_eq(tag(LEAD "Beta."), "");
		ck_assert_str_eq(tag(LEAD "Alpha, beta."), "a=0.6321");
	}
	untag();
	stage_close();
}
END_TEST

/* ------------------------------------------------------------------ main */

static Suite *
topics_suite(void)
{
	Suite *s = suite_create("topics");
	TCase *rc = tcase_create("compile");
	TCase *st = tcase_create("stage");

	tcase_add_unchecked_fixture(rc, rulefiles_setup, rulefiles_teardown);
	tcase_add_test(rc, test_ok_minimal);
	tcase_add_test(rc, test_err_not_a_mapping);
	tcase_add_test(rc, test_err_unknown_key);
	tcase_add_test(rc, test_err_missing_id);
	tcase_add_test(rc, test_err_duplicate_id);
	tcase_add_test(rc, test_err_duplicate_id_across_files);
	tcase_add_test(rc, test_err_bad_numbers);
	tcase_add_test(rc, test_err_weight_not_a_mapping);
	tcase_add_test(rc, test_err_unknown_weight_condition);
	tcase_add_test(rc, test_err_phrases);
	tcase_add_test(rc, test_err_patterns);
	tcase_add_test(rc, test_err_bad_regex);
	tcase_add_test(rc, test_err_bad_regex_utf8_column);
	tcase_add_test(rc, test_err_near);
	tcase_add_test(rc, test_err_entities_types);
	tcase_add_test(rc, test_err_unknown_parent);
	tcase_add_test(rc, test_err_parent_cycle);
	tcase_add_test(rc, test_warn_never_reported);
	tcase_add_test(rc, test_warn_duplicate_phrase);
	tcase_add_test(rc, test_parent_in_later_file);
	tcase_add_test(rc, test_err_many);
	tcase_add_test(rc, test_id_syntax_checked);
	suite_add_tcase(s, rc);
	tcase_add_unchecked_fixture(st, rulefiles_setup, rulefiles_teardown);
	tcase_set_timeout(st, 30);
	tcase_add_test(st, test_stage_any_and_formula);
	tcase_add_test(st, test_stage_min_any_distinct);
	tcase_add_test(st, test_stage_all);
	tcase_add_test(st, test_stage_none_hides);
	tcase_add_test(st, test_stage_patterns);
	tcase_add_test(st, test_stage_entities_and_types);
	tcase_add_test(st, test_stage_same_span_counts_once);
	tcase_add_test(st, test_stage_near);
	tcase_add_test(st, test_stage_weights);
	tcase_add_test(st, test_stage_fork);
	tcase_add_test(st, test_stage_zero_weight);
	tcase_add_test(st, test_stage_lead_boost);
	tcase_add_test(st, test_stage_lead_boost_other_conditions);
	tcase_add_test(st, test_entity_lead_in_one_paragraph);
	tcase_add_test(st, test_stage_thresholds);
	tcase_add_test(st, test_stage_parents);
	tcase_add_test(st, test_stage_sorted);
	tcase_add_test(st, test_stage_min_score_and_top);
	tcase_add_test(st, test_stage_evidence);
	tcase_add_test(st, test_stage_evidence_keeps_other_mentions);
	tcase_add_test(st, test_stage_shared_phrase);
	tcase_add_test(st, test_none_vetoes_only_its_topic);
	tcase_add_test(st, test_stage_no_rules);
	tcase_add_test(st, test_stage_reuse);
	suite_add_tcase(s, st);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(topics_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
