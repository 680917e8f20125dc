/* check_entities.c - unit tests of the entities stage: rule compilation
 * (entity_rules.c) and the stage itself (entities.c).
 *
 *   - every problem entity_rules.c reports, with its exact message and
 *     FILE:LINE:COL, from small YAML files written into a mkdtemp directory
 *     (messages are recorded through struct nt_config's report callback,
 *     with that directory stripped from the paths);
 *   - the stage on articles normalized by the real normalize stage
 *     ($srcdir/rules/normalize.yaml; make check sets srcdir): conflict
 *     resolution, vetoes, patterns, slug ids, acronym and surname linking,
 *     and the offsets of every mention.
 */
#include <check.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "article.h"
#include "entities.h"
#include "entity_rules.h"
#include "normalize.h"
#include "rulefiles.h"
#include "rules.h"
#include "stage.h"

/* ---------------------------------------------------------------- helpers */


static struct nt_rules rules;
static struct nt_entity_set set;
static struct nt_err cerr;

/* Load the rule files named in the NULL-terminated list (in dir) and
 * compile them into set.  Returns nt_entity_set_compile's result. */
static int
compile(const char *name, ...)
{
	struct nt_config cfg = { .report = record };
	va_list ap;
	int rc;

	va_start(ap, name);
	rulefiles_load(&rules, 0, name, ap);
	va_end(ap);
	cerr.text[0] = '\0';
	rc = nt_entity_set_compile(&set, &rules, &cfg, &cerr);
	if (rc != 0)
		ck_assert_int_gt(nerrors, 0);
	return rc;
}

static void
done(void)
{
	nt_entity_set_free(&set);
	nt_rules_free(&rules);
}

/* Compile the single file NAME holding TEXT; expect failure with exactly
 * the messages WANT. */
static void
expect_errors(const char *name, const char *text, const char *want)
{
	put(name, text);
	ck_assert_int_eq(compile(name, NULL), -1);
	ck_assert_str_eq(msgs, want);
	done();
}

/* Like expect_errors, for one message that names a rule by its full path:
 * WANT, then " (first at DIR/", then TAIL. */
static void
expect_first_at(const char *name, const char *text, const char *want, const char *tail)
{
	char full[2048];

	snprintf(full, sizeof full, "%s (first at %s/%s", want, dir, tail);
	put(name, text);
	ck_assert_int_eq(compile(name, NULL), -1);
	ck_assert_str_eq(msgs, full);
	done();
}

/* --------------------------------------------------- compile: entities */

START_TEST(test_ok_minimal)
{
	put("ok.yaml", "entities:\n"
		       "  - id: unicef\n"
		       "    type: organization\n"
		       "    aliases: [UNICEF, UN Children's Fund]\n"
		       "  - id: un\n"
		       "    type: organization\n"
		       "    label: United Nations\n"
		       "    aliases: [UN, United Nations]\n"
		       "    priority: 3\n"
		       "    not_before: [Michael]\n"
		       "    not_after: [said, Tóld]\n");
	ck_assert_int_eq(compile("ok.yaml", NULL), 0);
	ck_assert_str_eq(msgs, "");
	ck_assert_uint_eq(set.nents, 2);
	ck_assert_int_eq(nt_entity_find(&set, "un"), 1);
	ck_assert_int_eq(nt_entity_find(&set, "nope"), -1);
	ck_assert_str_eq(set.ents[0].label, "UNICEF");   /* the first alias */
	ck_assert_str_eq(set.ents[1].label, "United Nations");
	ck_assert_ptr_nonnull(strstr(set.ents[0].rule, "/ok.yaml:2"));
	ck_assert_int_eq(set.ents[1].priority, 3);
	ck_assert_uint_eq(set.ents[1].nnot_before, 1);
	ck_assert_str_eq(set.ents[1].not_before[0], "michael");
	ck_assert_uint_eq(set.ents[1].nnot_after, 2);
	ck_assert_str_eq(set.ents[1].not_after[1], "told");
	ck_assert_uint_eq(nt_gaz_count(set.gaz), 4);
	done();
}
END_TEST

START_TEST(test_err_not_a_mapping)
{
	expect_errors("e1.yaml", "entities:\n  - just a string\n",
		      "e1.yaml:2:5: an entity must be a mapping with 'id', 'type' and 'aliases'");
	expect_errors("e2.yaml", "entities:\n  id: x\n", "e2.yaml:2:3: 'entities' must be a list");
}
END_TEST

START_TEST(test_err_missing_id)
{
	expect_errors("e.yaml", "entities:\n  - type: person\n    aliases: [Ann]\n",
		      "e.yaml:2:5: entity needs an 'id'");
}
END_TEST

START_TEST(test_err_missing_type)
{
	expect_errors("e.yaml", "entities:\n  - id: ann\n    aliases: [Ann]\n",
		      "e.yaml:2:5: entity 'ann' needs a 'type'");
}
END_TEST

START_TEST(test_err_missing_aliases)
{
	expect_errors("e.yaml", "entities:\n  - id: ann\n    type: person\n",
		      "e.yaml:2:5: entity 'ann' needs 'aliases'");
	/* an empty list is no better */
	expect_errors("e2.yaml", "entities:\n  - id: ann\n    type: person\n    aliases: []\n",
		      "e2.yaml:2:5: entity 'ann' needs 'aliases'");
}
END_TEST

START_TEST(test_err_bad_id)
{
	expect_errors("e.yaml",
		      "entities:\n  - id: Ann\n    type: person\n    aliases: [Ann]\n"
		      "  - id: -x\n    type: person\n    aliases: [X]\n"
		      "  - id: 'a b'\n    type: person\n    aliases: [B]\n",
		      "e.yaml:2:9: bad id 'Ann' (lower-case letters, digits and . _ : - only)\n"
		      "e.yaml:5:9: bad id '-x' (lower-case letters, digits and . _ : - only)\n"
		      "e.yaml:8:9: bad id 'a b' (lower-case letters, digits and . _ : - only)");
	put("ok.yaml", "entities:\n  - id: 0a._:-z\n    type: x_1-y\n    aliases: [Z]\n");
	ck_assert_int_eq(compile("ok.yaml", NULL), 0);
	done();
}
END_TEST

START_TEST(test_err_bad_type)
{
	expect_errors("e.yaml", "entities:\n  - id: ann\n    type: Person\n    aliases: [Ann]\n"
				"  - id: bob\n    type: 1st\n    aliases: [Bob]\n",
		      "e.yaml:3:11: bad type 'Person' (lower-case letters, digits, _ and - only)\n"
		      "e.yaml:6:11: bad type '1st' (lower-case letters, digits, _ and - only)");
}
END_TEST

START_TEST(test_err_unknown_key)
{
	expect_errors("e.yaml", "entities:\n  - id: ann\n    type: person\n    alias: [Ann]\n",
		      "e.yaml:4:5: unknown key 'alias' in entity (expected: id, type, label, aliases, "
		      "part_of, priority, case, accents, not_before, not_after, after_place, replace)");
}
END_TEST

START_TEST(test_err_after_place_without_part_of)
{
	expect_errors("e.yaml", "entities:\n  - id: ga\n    type: location\n    aliases: [Georgia]\n"
				"    after_place: true\n",
		      "e.yaml:5:18: after_place needs a part_of: the place before must share it");
}
END_TEST

START_TEST(test_err_after_place_list)
{
	/* a list of places needs no part_of; each must be a known id */
	expect_errors("e.yaml", "entities:\n  - id: wa\n    type: location\n    aliases: [Washington]\n"
				"    after_place: [seattle, tacoma]\n"
				"  - id: seattle\n    type: location\n    aliases: [Seattle]\n"
				"  - id: ny\n    type: location\n    aliases: [New York]\n"
				"    after_place: [[buffalo]]\n"
				"  - id: al\n    type: location\n    aliases: [Alabama]\n"
				"    after_place: []\n",
		      "e.yaml:12:19: 'after_place' must be true, false or a list of ids\n"
		      "e.yaml:16:18: after_place lists no place (true: any of its part_of)\n"
		      "e.yaml:5:28: unknown after_place 'tacoma' of 'wa'");
}
END_TEST

START_TEST(test_err_not_strings)
{
	expect_errors("e.yaml",
		      "entities:\n  - id: [ann]\n    type: person\n    aliases: [Ann]\n"
		      "  - id: bob\n    type: person\n    label: {x: y}\n    aliases: Bob\n"
		      "  - id: cy\n    type: person\n    aliases: [[Cy]]\n"
		      "    not_before: Mr\n    not_after: [ok, [no]]\n",
		      "e.yaml:2:9: 'id' must be a string\n"
		      "e.yaml:2:5: entity needs an 'id'\n"
		      "e.yaml:7:12: 'label' must be a string\n"
		      "e.yaml:8:14: 'aliases' must be a list\n"
		      "e.yaml:5:5: entity 'bob' needs 'aliases'\n"
		      "e.yaml:12:17: 'not_before' must be a list of words\n"
		      "e.yaml:13:21: 'not_after' must be a list of words\n"
		      "e.yaml:11:15: an alias must be a string or a mapping with 'text'\n"
		      "e.yaml:9:5: entity 'cy' needs 'aliases'");
}
END_TEST

START_TEST(test_err_alias_map)
{
	expect_errors("e.yaml",
		      "entities:\n  - id: us\n    type: location\n"
		      "    aliases:\n"
		      "      - United States\n"
		      "      - { case: exact }\n"
		      "      - { text: US, kase: exact }\n"
		      "      - { text: Usa, accents: strict }\n"
		      "      - { text: '---' }\n",
		      "e.yaml:6:9: alias needs 'text'\n"
		      "e.yaml:7:21: unknown key 'kase' in alias (expected: text, case, accents)\n"
		      "e.yaml:8:31: 'accents' must be one of fold, exact\n"
		      "e.yaml:9:9: alias '---' has no letter or digit, or is too long");
}
END_TEST

START_TEST(test_err_bad_case_value)
{
	/* the message lists the three allowed values (auto, exact, fold) */
	expect_errors("e.yaml",
		      "entities:\n  - id: us\n    type: location\n    case: always\n"
		      "    aliases: [US]\n",
		      "e.yaml:4:11: 'case' must be one of auto, exact, fold");
}
END_TEST

START_TEST(test_err_bad_case_position)
{
	/* position and prefix of the message, whatever values it lists */
	put("e.yaml", "entities:\n  - id: us\n    type: location\n    aliases:\n"
		      "      - { text: USA, case: always }\n");
	ck_assert_int_eq(compile("e.yaml", NULL), -1);
	ck_assert_msg(strncmp(msgs, "e.yaml:5:28: 'case' must be one of auto, exact", 46) == 0, "%s",
		      msgs);
	ck_assert_int_eq(nerrors, 1);
	done();
}
END_TEST

START_TEST(test_err_bad_accents)
{
	expect_errors("e.yaml",
		      "entities:\n  - id: us\n    type: location\n    accents: yes\n"
		      "    aliases: [US]\n",
		      "e.yaml:4:14: 'accents' must be one of fold, exact");
}
END_TEST

START_TEST(test_err_bad_priority)
{
	expect_errors("e.yaml",
		      "entities:\n  - id: a\n    type: location\n    priority: high\n    aliases: [A]\n"
		      "  - id: b\n    type: location\n    priority: 2000000\n    aliases: [B]\n"
		      "  - id: c\n    type: location\n    priority: 1.5\n    aliases: [C]\n",
		      "e.yaml:4:15: 'priority' must be an integer\n"
		      "e.yaml:8:15: 'priority' must be an integer\n"
		      "e.yaml:12:15: 'priority' must be an integer");
}
END_TEST

START_TEST(test_err_bad_bool)
{
	expect_errors("e.yaml",
		      "entities:\n  - id: a\n    type: location\n    replace: maybe\n    aliases: [A]\n",
		      "e.yaml:4:14: 'replace' must be true or false");
}
END_TEST

START_TEST(test_err_duplicate_id)
{
	expect_first_at("e.yaml",
			"entities:\n  - id: a\n    type: location\n    aliases: [A]\n"
			"  - id: a\n    type: location\n    aliases: [Aa]\n",
			"e.yaml:5:9: duplicate id 'a'", "e.yaml:2)");
}
END_TEST

START_TEST(test_err_unknown_part_of)
{
	/* the message points at the part_of value and names the missing id */
	put("e.yaml", "entities:\n  - id: a\n    type: location\n    part_of: nowhere\n"
		      "    aliases: [A]\n  - id: b\n    type: location\n    part_of: a\n"
		      "    aliases: [B]\n");
	ck_assert_int_eq(compile("e.yaml", NULL), -1);
	ck_assert_int_eq(nerrors, 1);
	ck_assert_msg(strstr(msgs, "e.yaml:4:14: unknown part_of 'nowhere' of 'a'"), "%s", msgs);
	done();
}
END_TEST

START_TEST(test_err_bad_regex_utf8_column)
{
	/* columns count code points (err.h): the end of 'é(x' is column 16 */
	expect_errors("r.yaml", "patterns:\n  - id: p\n    type: person\n    regex: '\xc3\xa9(x'\n",
		      "r.yaml:4:16: bad regex: missing closing parenthesis");
}
END_TEST

START_TEST(test_err_unknown_part_of_column)
{
	/* like every other problem: FILE:LINE:COL of the part_of value */
	expect_errors("e.yaml", "entities:\n  - id: a\n    type: location\n    part_of: nowhere\n"
				"    aliases: [A]\n",
		      "e.yaml:4:14: unknown part_of 'nowhere' of 'a'");
}
END_TEST

START_TEST(test_extend_in_later_file)
{
	int found[4];
	struct nt_gaz_text t = { NULL, 0, 0 };

	put("1.yaml", "entities:\n  - id: un\n    type: organization\n    label: United Nations\n"
		      "    priority: 2\n    aliases: [United Nations]\n");
	put("2.yaml", "entities:\n  - id: un\n    aliases: [UNO]\n    not_after: [said]\n");
	ck_assert_int_eq(compile("1.yaml", "2.yaml", NULL), 0);
	ck_assert_str_eq(msgs, "");
	ck_assert_uint_eq(set.nents, 1);
	ck_assert_str_eq(set.ents[0].type, "organization");
	ck_assert_str_eq(set.ents[0].label, "United Nations");
	ck_assert_int_eq(set.ents[0].priority, 2);
	ck_assert_int_eq(set.ents[0].order, 1);
	nt_gaz_text_alias(&t, "united nations");
	ck_assert_uint_eq(nt_gaz_lookup(set.gaz, &t, 0, t.n, found, 4), 1);
	nt_gaz_text_alias(&t, "UNO");
	ck_assert_uint_eq(nt_gaz_lookup(set.gaz, &t, 0, t.n, found, 4), 1);
	ck_assert_int_eq(found[0], 0);
	nt_gaz_text_free(&t);
	done();
	/* the same id twice in the later file is still a duplicate */
	put("3.yaml", "entities:\n  - id: un\n    aliases: [UNO]\n  - id: un\n    aliases: [U.N.]\n");
	ck_assert_int_eq(compile("1.yaml", "3.yaml", NULL), -1);
	ck_assert_msg(strstr(msgs, "3.yaml:4:9: duplicate id 'un' (first at ") != NULL, "%s", msgs);
	done();
}
END_TEST

START_TEST(test_replace)
{
	struct nt_gaz_text t = { NULL, 0, 0 };
	int found[4];

	put("1.yaml", "entities:\n  - id: georgia\n    type: location\n"
		      "    aliases: [Georgia, Sakartvelo]\n");
	put("2.yaml", "entities:\n  - id: georgia\n    type: state\n    aliases: [Georgia]\n");
	ck_assert_int_eq(compile("1.yaml", "2.yaml", NULL), -1);
	ck_assert_msg(strstr(msgs, "2.yaml:3:11: id 'georgia' has type location at ") != NULL &&
		      strstr(msgs, "/1.yaml:2; use replace: true to change it") != NULL, "%s", msgs);
	ck_assert_int_eq(nerrors, 1);
	done();
	put("3.yaml", "entities:\n  - id: georgia\n    type: state\n    replace: true\n"
		      "    aliases: [Georgia]\n");
	ck_assert_int_eq(compile("1.yaml", "3.yaml", NULL), 0);
	ck_assert_str_eq(msgs, "");
	ck_assert_str_eq(set.ents[0].type, "state");
	nt_gaz_text_alias(&t, "Sakartvelo");
	ck_assert_uint_eq(nt_gaz_lookup(set.gaz, &t, 0, t.n, found, 4), 0);
	nt_gaz_text_alias(&t, "Georgia");
	ck_assert_uint_eq(nt_gaz_lookup(set.gaz, &t, 0, t.n, found, 4), 1);
	nt_gaz_text_free(&t);
	done();
}
END_TEST

START_TEST(test_replace_starts_afresh)
{
	/* replace: true "starts it afresh": the old label, priority and
	 * vetoes go with the old aliases */
	put("1.yaml", "entities:\n  - id: un\n    type: organization\n    label: United Nations\n"
		      "    priority: 5\n    not_before: [the]\n    aliases: [United Nations]\n");
	put("2.yaml", "entities:\n  - id: un\n    type: organization\n    replace: true\n"
		      "    aliases: [UNO]\n");
	ck_assert_int_eq(compile("1.yaml", "2.yaml", NULL), 0);
	ck_assert_str_eq(set.ents[0].label, "UNO");
	ck_assert_int_eq(set.ents[0].priority, 0);
	ck_assert_uint_eq(set.ents[0].nnot_before, 0);
	done();
}
END_TEST

START_TEST(test_duplicate_alias_warning)
{
	char want[2048];

	put("1.yaml", "entities:\n  - id: jordan\n    type: location\n    aliases: [Jordan]\n"
		      "  - id: michael-jordan\n    type: person\n    aliases: [Jordan]\n");
	put("2.yaml", "entities:\n  - id: jordan-river\n    type: location\n"
		      "    aliases: [Jordan, River Jordan]\n  - id: jordan\n    aliases: [JORDAN]\n");
	ck_assert_int_eq(compile("1.yaml", NULL), 0);
	ck_assert_str_eq(msgs, "");   /* other type: no warning */
	done();
	ck_assert_int_eq(compile("1.yaml", "2.yaml", NULL), 0);
	ck_assert_int_eq(nerrors, 0);
	ck_assert_int_eq(nwarnings, 2);
	/* both ways round: each alias is checked against those added before */
	snprintf(want, sizeof want,
		 "2.yaml:4:15: warning: alias 'Jordan' of 'jordan-river' is also an alias of "
		 "'jordan' (%s/2.yaml:5)\n"
		 "2.yaml:6:15: warning: alias 'JORDAN' of 'jordan' is also an alias of "
		 "'jordan-river' (%s/2.yaml:2)", dir, dir);
	ck_assert_str_eq(msgs, want);
	done();
}
END_TEST

/* --------------------------------------------- compile: classes, patterns */

START_TEST(test_pattern_ok)
{
	put("p.yaml", "classes:\n  title: [Minister, Foreign Minister]\n"
		      "entities:\n  - id: osce\n    type: organization\n    aliases: [OSCE]\n"
		      "patterns:\n"
		      "  - id: person-after-title\n    type: person\n"
		      "    regex: '\\b(?:{title})\\s+(?<name>\\p{Lu}\\p{L}+)'\n"
		      "  - id: osce-office\n    type: organization\n    regex: 'OSCE Office'\n"
		      "    entity: osce\n    caseless: true\n    priority: 4\n");
	ck_assert_int_eq(compile("p.yaml", NULL), 0);
	ck_assert_str_eq(msgs, "");
	ck_assert_uint_eq(set.npats, 2);
	ck_assert_int_eq(set.pats[0].name_group, 1);
	ck_assert_int_eq(set.pats[0].priority, -1);
	ck_assert_int_eq(set.pats[0].entity, -1);
	ck_assert_int_eq(set.pats[1].name_group, 0);
	ck_assert_int_eq(set.pats[1].priority, 4);
	ck_assert_int_eq(set.pats[1].entity, 0);
	done();
}
END_TEST

/* A cache file damaged in any one of its last 3000 bytes, which hold the
 * patterns, is refused or read as written; it never crashes (PCRE2 trusts
 * serialized code: one byte of it set to 0xFF once crashed its JIT
 * compiler, so those bytes are checked first).  CI runs this under
 * AddressSanitizer, which sees the reads that go astray. */
START_TEST(test_cache_damage_patterns)
{
	static const unsigned char damage[] = { 0xFF, 0x00, 0x80 };
	char path[300];
	unsigned char *good;
	struct nt_entity_set back;
	size_t len, i, d;
	FILE *fp;

	put("c.yaml", "classes:\n  title: [Minister]\n"
		      "entities:\n  - id: un\n    type: organization\n    aliases: [UN, United Nations]\n"
		      "patterns:\n  - id: p\n    type: person\n"
		      "    regex: '\\b(?:{title})\\s+(?<name>\\p{Lu}\\p{L}+)'\n");
	ck_assert_int_eq(compile("c.yaml", NULL), 0);
	snprintf(path, sizeof path, "%s/cache.bin", dir);
	nt_entity_set_save(&set, path, 42);
	ck_assert_ptr_nonnull(fp = fopen(path, "rb"));
	fseek(fp, 0, SEEK_END);
	len = (size_t)ftell(fp);
	rewind(fp);
	good = malloc(len);
	ck_assert_uint_eq(fread(good, 1, len, fp), len);
	fclose(fp);
	ck_assert_int_eq(nt_entity_set_restore(&back, path, 42), 0);
	ck_assert_uint_eq(back.npats, 1);
	nt_entity_set_free(&back);
	for (i = len > 3000 ? len - 3000 : 0; i < len; i++)   /* the patterns come last */
		for (d = 0; d < sizeof damage; d++) {
			unsigned char keep = good[i];

			if (keep == damage[d])
				continue;
			good[i] = damage[d];
			ck_assert_ptr_nonnull(fp = fopen(path, "wb"));
			ck_assert_uint_eq(fwrite(good, 1, len, fp), len);
			fclose(fp);
			good[i] = keep;
			if (nt_entity_set_restore(&back, path, 42) == 0)
				nt_entity_set_free(&back);
		}
	free(good);
	unlink(path);
	done();
}
END_TEST

START_TEST(test_err_unknown_class)
{
	expect_errors("p.yaml",
		      "classes:\n  title: [Minister]\npatterns:\n"
		      "  - id: p\n    type: person\n    regex: '{title} (?<name>\\w+) {rank}'\n",
		      "p.yaml:6:34: unknown class 'rank'");
}
END_TEST

START_TEST(test_err_classes_shape)
{
	expect_errors("c1.yaml", "classes:\n  - Minister\n",
		      "c1.yaml:2:3: 'classes' must map class names to lists of phrases");
	expect_errors("c2.yaml", "classes:\n  title: Minister\n  rank: []\n  x: [a, [b]]\n",
		      "c2.yaml:2:10: class 'title' must be a non-empty list of phrases\n"
		      "c2.yaml:3:9: class 'rank' must be a non-empty list of phrases\n"
		      "c2.yaml:4:6: class 'x' must be a non-empty list of phrases");
}
END_TEST

START_TEST(test_err_bad_regex)
{
	/* the column points at the offending place of the regex (as PCRE2's
	 * offset: here the end of the regex, the closing quote) */
	expect_errors("r1.yaml",
		      "patterns:\n  - id: p\n    type: person\n    regex: 'ab(?<name>[a-z+)'\n",
		      "r1.yaml:4:29: bad regex: missing terminating ] for character class");
	expect_errors("r2.yaml",
		      "patterns:\n  - id: p\n    type: person\n    regex: ab(cd\n",
		      "r2.yaml:4:17: bad regex: missing closing parenthesis");
	/* after a class expansion, columns are still those of the source */
	expect_errors("r3.yaml",
		      "classes:\n  title: [Minister, Foreign Minister]\n"
		      "patterns:\n  - id: p\n    type: person\n    regex: '{title} x{2,1}'\n",
		      "r3.yaml:6:26: bad regex: numbers out of order in {} quantifier");
}
END_TEST

START_TEST(test_err_pattern_fields)
{
	expect_errors("p.yaml",
		      "patterns:\n"
		      "  - id: a\n    type: person\n"
		      "  - type: person\n    regex: x\n"
		      "  - id: c\n    regex: x\n"
		      "  - id: D\n    type: person\n    regex: x\n"
		      "  - id: e\n    type: person\n    regex: [x]\n"
		      "  - id: f\n    type: person\n    regex: x\n    flags: i\n"
		      "  - just a string\n",
		      "p.yaml:2:5: pattern needs 'id', 'type' and 'regex'\n"
		      "p.yaml:4:5: pattern needs 'id', 'type' and 'regex'\n"
		      "p.yaml:6:5: pattern needs 'id', 'type' and 'regex'\n"
		      "p.yaml:8:5: bad pattern id 'D' or type 'person'\n"
		      "p.yaml:13:12: 'regex' must be a string\n"
		      "p.yaml:17:5: unknown key 'flags' in pattern (expected: id, type, regex, "
		      "caseless, priority, entity, needs, needs_before, needs_after, needs_case, "
		      "unknown_in, fallback)\n"
		      "p.yaml:18:5: a pattern must be a mapping with 'id', 'type' and 'regex'");
	expect_errors("q.yaml", "patterns: x\n", "q.yaml:1:11: 'patterns' must be a list");
}
END_TEST

START_TEST(test_err_needs)
{
	expect_errors("n.yaml",
		      "classes:\n  title: [Minister]\n"
		      "patterns:\n"
		      "  - id: a\n    type: person\n    regex: 'x'\n    needs: [rank]\n"
		      "  - id: b\n    type: person\n    regex: 'x'\n    needs: title\n",
		      "n.yaml:7:13: unknown class 'rank' in needs\n"
		      "n.yaml:11:12: 'needs' must be a list of class names");
	expect_errors("m.yaml",
		      "classes:\n  title: [Minister]\n"
		      "patterns:\n"
		      "  - id: a\n    type: person\n    regex: 'x'\n    needs_before: 10\n"
		      "  - id: b\n    type: person\n    regex: 'x'\n    needs: [title]\n"
		      "    needs_before: -1\n    needs_after: 161\n"
		      "  - id: c\n    type: person\n    regex: 'x'\n    needs: [title]\n"
		      "    needs_after: far\n",
		      "m.yaml:7:19: 'needs_before' without 'needs'\n"
		      "m.yaml:12:19: 'needs_before' must be from 0 to 160 (bytes)\n"
		      "m.yaml:13:18: 'needs_after' must be from 0 to 160 (bytes)\n"
		      "m.yaml:18:18: 'needs_after' must be an integer");
	expect_errors("c.yaml",
		      "classes:\n  title: [Minister]\n"
		      "patterns:\n"
		      "  - id: a\n    type: person\n    regex: 'x'\n    needs_case: exact\n"
		      "  - id: b\n    type: person\n    regex: 'x'\n    needs: [title]\n"
		      "    needs_case: upper\n"
		      "  - id: c\n    type: person\n    regex: 'x'\n    needs: [title]\n"
		      "    needs_case: exact\n    caseless: true\n",
		      "c.yaml:7:17: 'needs_case' without 'needs'\n"
		      "c.yaml:12:17: 'needs_case' must be fold or exact\n"
		      "c.yaml:17:17: 'needs_case: exact' with 'caseless: true'");
}
END_TEST

START_TEST(test_err_unknown_in)
{
	char want[1024];

	snprintf(want, sizeof want,
		 "u.yaml:5:17: cannot read word list: %s/nope.txt: No such file or directory\n"
		 "u.yaml:9:17: 'unknown_in' must be the path of a word list\n"
		 "u.yaml:13:17: cannot read word list: %s/.: Is a directory", dir, dir);
	expect_errors("u.yaml",
		      "patterns:\n"
		      "  - id: a\n    type: person\n    regex: 'x'\n    unknown_in: nope.txt\n"
		      "  - id: b\n    type: person\n    regex: 'x'\n    unknown_in: [w.txt]\n"
		      "  - id: c\n    type: person\n    regex: 'x'\n    unknown_in: .\n",
		      want);
}
END_TEST

START_TEST(test_err_pattern_values)
{
	expect_errors("p.yaml",
		      "patterns:\n"
		      "  - id: a\n    type: person\n    regex: x\n    caseless: sometimes\n"
		      "  - id: b\n    type: person\n    regex: x\n    priority: top\n"
		      "  - id: c\n    type: person\n    regex: x\n    fallback: maybe\n",
		      "p.yaml:5:15: 'caseless' must be true or false\n"
		      "p.yaml:9:15: 'priority' must be an integer\n"
		      "p.yaml:13:15: 'fallback' must be true or false");
}
END_TEST

START_TEST(test_err_duplicate_pattern)
{
	expect_first_at("p.yaml",
			"patterns:\n  - id: a\n    type: person\n    regex: x\n"
			"  - id: a\n    type: person\n    regex: y\n",
			"p.yaml:5:9: duplicate pattern id 'a'", "p.yaml:2)");
}
END_TEST

START_TEST(test_err_pattern_entity)
{
	expect_errors("p.yaml",
		      "entities:\n  - id: osce\n    type: organization\n    aliases: [OSCE]\n"
		      "patterns:\n  - id: a\n    type: organization\n    regex: x\n    entity: ocse\n",
		      "p.yaml:9:13: unknown entity 'ocse'");
}
END_TEST

START_TEST(test_err_many)
{
	/* every problem is reported, not just the first */
	put("m.yaml", "entities:\n"
		      "  - id: A\n    type: person\n    aliases: [A]\n"
		      "  - id: b\n    type: Person\n    aliases: [B]\n"
		      "  - id: c\n    type: person\n    aliases: [C]\n    colour: red\n"
		      "patterns:\n  - id: p\n    type: person\n    regex: '(x'\n");
	ck_assert_int_eq(compile("m.yaml", NULL), -1);
	ck_assert_int_eq(nerrors, 4);
	ck_assert_str_eq(cerr.text, "4 errors in entity rules");
	done();
}
END_TEST

START_TEST(test_slug)
{
	/* a full stop inside a word goes: "U.S. Open" has the id of "US Open";
	 * other scripts stay as they are */
	static const char *const cases[][2] = {
		{ "Helga Maria Schmid", "helga-maria-schmid" },
		{ "  T\u00fcrk -- Telekom!  ", "turk-telekom" },
		{ "O'Brien", "o-brien" },
		{ "...", "" },
		{ "U.S. Open", "us-open" },
		{ "Dr. No.", "dr-no" },
		/* letters folding keeps take their ASCII spelling */
		{ "J\u00f8rgen \u00c6sir \u018fliyev", "jorgen-aesir-eliyev" },
		{ "Wa\u0142\u0119sa Y\u0131ld\u0131z", "walesa-yildiz" },
		{ "\u041b\u0443\u043a\u0430\u0448\u0435\u043d\u043a\u043e",
		  "\u043b\u0443\u043a\u0430\u0448\u0435\u043d\u043a\u043e" },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *s = nt_entity_slug(cases[i][0], strlen(cases[i][0]));

		ck_assert_str_eq(s, cases[i][1]);
		free(s);
	}
}
END_TEST

/* ------------------------------------------------------------- the stage */

static void *norm, *ents;

/* Load normalize.yaml and the rule files in the NULL-terminated list, and
 * open the normalize and entities stages. */
static void
stage_open(const char *name, ...)
{
	struct nt_config cfg = { .report = record };
	struct nt_err err = { "" };
	va_list ap;

	va_start(ap, name);
	rulefiles_load(&rules, 1, name, ap);
	va_end(ap);
	norm = nt_stage_normalize.init(&rules, &cfg, &err);
	ck_assert_msg(norm != NULL, "normalize: %s", err.text);
	ents = nt_stage_entities.init(&rules, &cfg, &err);
	ck_assert_msg(ents != NULL, "entities: %s\n%s", err.text, msgs);
}

static void
stage_close(void)
{
	nt_stage_entities.fini(ents);
	nt_stage_normalize.fini(norm);
	nt_rules_free(&rules);
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

/* Run both stages on S; the mentions as "id=surface" separated by "; ",
 * after checking their invariants. */
static const char *
tag(const char *s)
{
	static char out[16384];
	struct nt_err err = { "" };
	size_t i, len = 0;

	if (!art)
		art = nt_article_new();
	nt_article_reset(art);
	nt_article_append_raw(art, s, strlen(s));
	ck_assert_int_eq(nt_stage_normalize.run(norm, art, &err), 0);
	ck_assert_int_eq(nt_stage_entities.run(ents, art, &err), 0);
	out[0] = '\0';
	for (i = 0; i < art->nmentions; i++) {
		const struct nt_mention *m = &art->mentions[i];

		ck_assert_int_eq(m->kind, NT_KIND_ENTITY);
		ck_assert_uint_lt(m->start, m->end);
		ck_assert_uint_le(m->end, art->ncp);
		if (i > 0)   /* sorted, and no two overlap */
			ck_assert_uint_le(art->mentions[i - 1].end, m->start);
		ck_assert_ptr_nonnull(m->id);
		ck_assert_ptr_nonnull(m->type);
		ck_assert_ptr_nonnull(m->label);
		ck_assert_ptr_nonnull(m->rule);
		len += (size_t)snprintf(out + len, sizeof out - len, "%s%s=%s", i ? "; " : "", m->id,
					surface(art, m->start, m->end));
		ck_assert_uint_lt(len, sizeof out);
	}
	return out;
}

static void
untag(void)
{
	nt_article_free(art);
	art = NULL;
}

/* unknown_in: a match with a common word of the list is dropped, and the
 * search goes on inside it; proper nouns of the list do not count, nor
 * does a first word the list has both ways (a given name: "Jimmy"). */
START_TEST(test_stage_unknown_in)
{
	put("words.txt", "# a word list\ncat\nRome\nthe\njimmy\nJimmy\nlynch\nLynch\n");
	put("u.yaml", "patterns:\n"
		      "  - id: two-names\n    type: person\n    unknown_in: words.txt\n"
		      "    regex: '(?<name>\\b\\p{Lu}\\p{Ll}+ \\p{Lu}\\p{Ll}+)\\b'\n");
	stage_open("u.yaml", NULL);
	ck_assert_str_eq(tag("Big Cat met Zed Rome. Cat Big Tom left."),
			 "zed-rome=Zed Rome; big-tom=Big Tom");
	ck_assert_str_eq(tag("The Cat."), "");
	ck_assert_str_eq(tag("so Jimmy Zed met Ann Lynch and Jimmy Cat."), "jimmy-zed=Jimmy Zed");
	untag();
	stage_close();
}
END_TEST

/* A fallback pattern's match goes where any other rule found something,
 * even a shorter one, on either side of it. */
START_TEST(test_stage_fallback)
{
	put("f.yaml", "entities:\n"
		      "  - id: europe\n    type: location\n    aliases: [Europe]\n"
		      "  - id: kay\n    type: person\n    aliases: [Ann Kay]\n"
		      "patterns:\n"
		      "  - id: two-names\n    type: person\n    fallback: true\n"
		      "    regex: '(?<name>\\b\\p{Lu}\\p{Ll}+ \\p{Lu}\\p{Ll}+)\\b'\n");
	stage_open("f.yaml", NULL);
	ck_assert_str_eq(tag("In Europe Regina spoke."), "europe=Europe");
	ck_assert_str_eq(tag("so Zed Ann Kay left."), "kay=Ann Kay");
	ck_assert_str_eq(tag("so Zed Roe left."), "zed-roe=Zed Roe");
	untag();
	stage_close();
}
END_TEST

/* A name inside a web address, an e-mail address or a handle is none;
 * a site name alone, or names joined by a slash or a lost space, are. */
START_TEST(test_stage_web_address)
{
	put("w.yaml", "entities:\n"
		      "  - id: reuters\n    type: organization\n    aliases: [Reuters]\n"
		      "  - id: baku\n    type: location\n    aliases: [Baku]\n"
		      "  - id: news-az\n    type: organization\n    aliases: [News.az]\n");
	stage_open("w.yaml", NULL);
	ck_assert_str_eq(tag("See www.reuters.com, https://x.org/reuters/ and a@reuters.com; "
			     "follow @Reuters."), "");
	ck_assert_str_eq(tag("Reuters, News.az and reuters.com; Baku/Reuters and Baku.The end."),
			 "reuters=Reuters; news-az=News.az; reuters=reuters; baku=Baku; "
			 "reuters=Reuters; baku=Baku");
	untag();
	stage_close();
}
END_TEST

/* A fallback match that spells the short name another rule's match gives
 * in the article goes, before or after that match. */
START_TEST(test_stage_fallback_short_name)
{
	put("f.yaml", "patterns:\n"
		      "  - id: company\n    type: organization\n"
		      "    regex: '(?<name>(?<short>\\p{Lu}\\p{Ll}+ \\p{Lu}\\p{Ll}+) Corp)\\b'\n"
		      "  - id: two-names\n    type: person\n    fallback: true\n"
		      "    regex: '(?<name>\\b\\p{Lu}\\p{Ll}+ \\p{Lu}\\p{Ll}+)\\b'\n");
	stage_open("f.yaml", NULL);
	ck_assert_str_eq(tag("so Hoechst Celanese rose; Hoechst Celanese Corp and Zed Roe."),
			 "hoechst-celanese-corp=Hoechst Celanese Corp; zed-roe=Zed Roe");
	ck_assert_str_eq(tag("so Hoechst Celanese Corp rose; Hoechst Celanese fell."),
			 "hoechst-celanese-corp=Hoechst Celanese Corp; "
			 "hoechst-celanese-corp=Hoechst Celanese");
	untag();
	stage_close();
}
END_TEST

START_TEST(test_stage_longest_wins)
{
	put("s.yaml", "entities:\n"
		      "  - id: un\n    type: organization\n    aliases: [United Nations, UN]\n"
		      "  - id: unicef\n    type: organization\n"
		      "    aliases: [UNICEF, United Nations Children's Fund]\n"
		      "  - id: nations\n    type: misc\n    priority: 9\n    aliases: [Nations Children]\n");
	stage_open("s.yaml", NULL);
	ck_assert_str_eq(tag("The United Nations Children\xe2\x80\x99s Fund and the UN."),
			 "unicef=United Nations Children\xe2\x80\x99s Fund; un=UN");
	ck_assert_str_eq(tag("United Nations Children"), "un=United Nations");
	ck_assert_str_eq(tag("un Un UNs UN's"), "un=UN");
	untag();
	stage_close();
}
END_TEST

START_TEST(test_stage_priority_and_order)
{
	put("1.yaml", "entities:\n"
		      "  - id: georgia-state\n    type: location\n    aliases: [Georgia]\n"
		      "  - id: georgia\n    type: location\n    priority: 1\n    aliases: [Georgia]\n"
		      "  - id: jordan\n    type: location\n    aliases: [Jordan]\n");
	put("2.yaml", "entities:\n"
		      "  - id: jordan-river\n    type: location\n    aliases: [Jordan]\n");
	stage_open("1.yaml", "2.yaml", NULL);
	ck_assert_str_eq(tag("Georgia and Jordan"), "georgia=Georgia; jordan-river=Jordan");
	untag();
	stage_close();
	/* the later file wins, whichever it is */
	stage_open("2.yaml", "1.yaml", NULL);
	ck_assert_str_eq(tag("Georgia and Jordan"), "georgia=Georgia; jordan=Jordan");
	untag();
	stage_close();
}
END_TEST

START_TEST(test_stage_vetoes)
{
	put("v.yaml", "entities:\n"
		      "  - id: jordan\n    type: location\n    aliases: [Jordan]\n"
		      "    not_before: [Michael, 'Mr.']\n    not_after: [Peterson]\n"
		      "  - id: michael-jordan\n    type: person\n    priority: -5\n"
		      "    aliases: [Jordan]\n");
	stage_open("v.yaml", NULL);
	ck_assert_str_eq(tag("Jordan said"), "jordan=Jordan");
	/* vetoed: the other entity with the alias is taken */
	ck_assert_str_eq(tag("Michael Jordan said"), "michael-jordan=Jordan");
	ck_assert_str_eq(tag("MICHAEL   Jordan said"), "michael-jordan=Jordan");
	ck_assert_str_eq(tag("Jordan Peterson said"), "michael-jordan=Jordan");
	ck_assert_str_eq(tag("Michaels Jordan, Peterson"), "jordan=Jordan");
	untag();
	stage_close();
}
END_TEST

/* Two Georgias: the country, and the US state after a US place and a
 * comma (its entry last, for extra keys). */
#define GEORGIA_PACK \
	"entities:\n" \
	"  - id: us\n    type: location\n    aliases: [United States]\n" \
	"  - id: georgia\n    type: location\n    aliases: [Georgia]\n" \
	"  - id: atlanta\n    type: location\n    aliases: [Atlanta]\n    part_of: us\n" \
	"  - id: tbilisi\n    type: location\n    aliases: [Tbilisi]\n    part_of: georgia\n" \
	"  - id: ga-us\n    type: location\n    aliases: [Georgia]\n    part_of: us\n" \
	"    priority: -1\n    after_place: true\n"

START_TEST(test_stage_after_place)
{
	/* a region named like a country is that region only right after
	 * a place of its own country and a comma; there it wins */
	put("a.yaml", GEORGIA_PACK);
	stage_open("a.yaml", NULL);
	ck_assert_str_eq(tag("Atlanta, Georgia, is hot."), "atlanta=Atlanta; ga-us=Georgia");
	ck_assert_str_eq(tag("Tbilisi, Georgia, is cool."), "tbilisi=Tbilisi; georgia=Georgia");
	ck_assert_str_eq(tag("Georgia voted; Atlanta and Georgia"),
			 "georgia=Georgia; atlanta=Atlanta; georgia=Georgia");
	untag();
	stage_close();
}
END_TEST

/* One sense per discourse: where its context chose an entity for an
 * alias of several ("Atlanta, Georgia"), the alias names that entity at
 * its other matches in the article, before and after; not after another
 * place and a comma, not where a word vetoes it, and not when contexts
 * in the article chose two entities for it. */
START_TEST(test_stage_one_sense)
{
	put("a.yaml", GEORGIA_PACK "    not_after: [republic]\n");
	stage_open("a.yaml", NULL);
	ck_assert_str_eq(tag("Georgia voted. In Atlanta, Georgia, it rained; Georgia Power said."),
			 "ga-us=Georgia; atlanta=Atlanta; ga-us=Georgia; ga-us=Georgia");
	/* another place and a comma before it: its own context decides */
	ck_assert_str_eq(tag("Atlanta, Georgia, and Tbilisi, Georgia."),
			 "atlanta=Atlanta; ga-us=Georgia; tbilisi=Tbilisi; georgia=Georgia");
	/* two senses in one article: the others keep the usual choice */
	ck_assert_str_eq(tag("Tbilisi, Georgia and Atlanta, Georgia. Georgia."),
			 "tbilisi=Tbilisi; georgia=Georgia; atlanta=Atlanta; ga-us=Georgia; "
			 "georgia=Georgia");
	/* the country's sense spreads as well */
	ck_assert_str_eq(tag("Georgia. In Tbilisi, Georgia."),
			 "georgia=Georgia; tbilisi=Tbilisi; georgia=Georgia");
	/* a word that vetoes the sense keeps it out */
	ck_assert_str_eq(tag("Atlanta, Georgia. Georgia republic."),
			 "atlanta=Atlanta; ga-us=Georgia; georgia=Georgia");
	/* each article on its own */
	ck_assert_str_eq(tag("Georgia voted."), "georgia=Georgia");
	untag();
	stage_close();
	/* not between places of one country: "Washington" elsewhere may be
	 * the city */
	put("w.yaml", "entities:\n"
		      "  - id: us\n    type: location\n    aliases: [United States]\n"
		      "  - id: seattle\n    type: location\n    aliases: [Seattle]\n    part_of: us\n"
		      "  - id: washington\n    type: location\n    aliases: [Washington]\n"
		      "    part_of: us\n"
		      "  - id: wa-us\n    type: location\n    aliases: [Washington]\n    part_of: us\n"
		      "    priority: -1\n    after_place: true\n");
	stage_open("w.yaml", NULL);
	ck_assert_str_eq(tag("Seattle, Washington. Washington said."),
			 "seattle=Seattle; wa-us=Washington; washington=Washington");
	untag();
	stage_close();
}
END_TEST

/* A region named like a city of its own country is that region only
 * right after one of the places it lists: "Seattle, Washington" is the
 * state, "New York, Washington and London" a list of cities; after a
 * listed place the one-sense rule leaves the city elsewhere alone. */
START_TEST(test_stage_after_listed_place)
{
	put("w.yaml", "entities:\n"
		      "  - id: us\n    type: location\n    aliases: [United States]\n"
		      "  - id: seattle\n    type: location\n    aliases: [Seattle]\n    part_of: us\n"
		      "  - id: new-york\n    type: location\n    aliases: [New York]\n    part_of: us\n"
		      "  - id: washington\n    type: location\n    aliases: [Washington]\n"
		      "    part_of: us\n"
		      "  - id: wa-us\n    type: location\n    aliases: [Washington]\n    part_of: us\n"
		      "    priority: -1\n    after_place: [seattle]\n");
	stage_open("w.yaml", NULL);
	ck_assert_str_eq(tag("Seattle, Washington, is wet."), "seattle=Seattle; wa-us=Washington");
	ck_assert_str_eq(tag("New York, Washington and London"),
			 "new-york=New York; washington=Washington");
	ck_assert_str_eq(tag("Washington said. Seattle, Washington."),
			 "washington=Washington; seattle=Seattle; wa-us=Washington");
	untag();
	stage_close();
	/* a later pack adds to the list */
	put("w2.yaml", "entities:\n  - id: wa-us\n    type: location\n    after_place: [new-york]\n");
	stage_open("w.yaml", "w2.yaml", NULL);
	ck_assert_str_eq(tag("New York, Washington and Seattle, Washington"),
			 "new-york=New York; wa-us=Washington; seattle=Seattle; wa-us=Washington");
	untag();
	stage_close();
}
END_TEST

START_TEST(test_stage_patterns)
{
	put("p.yaml", "classes:\n  title: [Minister, Foreign Minister, Secretary-General]\n"
		      "entities:\n"
		      "  - id: jeyhun-bayramov\n    type: person\n    aliases: [Jeyhun Bayramov]\n"
		      "  - id: anna-place\n    type: location\n    aliases: [Anna Lake]\n"
		      "patterns:\n"
		      "  - id: person-after-title\n    type: person\n"
		      "    regex: '\\b(?:{title})\\s+(?<name>\\p{Lu}\\p{L}+(?:\\s+\\p{Lu}\\p{L}+){1,2})'\n"
		      "    priority: 5\n"
		      "  - id: summit\n    type: event\n    regex: '\\b\\p{Lu}\\p{L}+ Summit\\b'\n");
	stage_open("p.yaml", NULL);
	/* the name group is the span; the id is made from the name */
	ck_assert_str_eq(tag("Foreign Minister Helga Maria Schmid said"),
			 "helga-maria-schmid=Helga Maria Schmid");
	ck_assert_str_eq(art->mentions[0].label, "Helga Maria Schmid");
	ck_assert_str_eq(art->mentions[0].type, "person");
	ck_assert_ptr_nonnull(strstr(art->mentions[0].rule, "/p.yaml:11"));
	/* a name the gazetteer knows keeps the gazetteer's id */
	ck_assert_str_eq(tag("Secretary General Jeyhun Bayramov met Jeyhun Bayramov."),
			 "jeyhun-bayramov=Jeyhun Bayramov; jeyhun-bayramov=Jeyhun Bayramov");
	ck_assert_ptr_nonnull(strstr(art->mentions[0].rule, "/p.yaml:11"));
	ck_assert_ptr_nonnull(strstr(art->mentions[1].rule, "/p.yaml:4"));
	/* ... but not one of another type */
	ck_assert_str_eq(tag("Minister Anna Lake spoke"), "anna-lake=Anna Lake");
	ck_assert_str_eq(art->mentions[0].type, "person");
	/* a pattern without a name group: the whole match */
	ck_assert_str_eq(tag("the Baku Summit opened"), "baku-summit=Baku Summit");
	ck_assert_str_eq(art->mentions[0].type, "event");
	untag();
	stage_close();
}
END_TEST

START_TEST(test_stage_pattern_pinned)
{
	put("p.yaml", "entities:\n  - id: osce\n    type: organization\n    aliases: [OSCE]\n"
		      "patterns:\n  - id: osce-office\n    type: organization\n"
		      "    regex: 'OSCE Office in \\p{Lu}\\p{L}+'\n    entity: osce\n    caseless: true\n");
	stage_open("p.yaml", NULL);
	ck_assert_str_eq(tag("The osce office in Baku and the OSCE."),
			 "osce=osce office in Baku; osce=OSCE");
	ck_assert_str_eq(art->mentions[0].label, "OSCE");
	untag();
	stage_close();
}
END_TEST

START_TEST(test_stage_acronym_link)
{
	put("a.yaml", "entities:\n"
		      "  - id: fba\n    type: organization\n    aliases: [Foo Bar Agency]\n");
	stage_open("a.yaml", NULL);
	ck_assert_str_eq(tag("The Foo Bar Agency (FBA) said. Later the FBA, not FBAX or fba, "
			     "agreed with FBA."),
			 "fba=Foo Bar Agency; fba=FBA; fba=FBA; fba=FBA");
	/* no acronym in brackets: nothing linked */
	ck_assert_str_eq(tag("The Foo Bar Agency said. FBA agreed."), "fba=Foo Bar Agency");
	/* lower case or one letter in brackets: not an acronym */
	ck_assert_str_eq(tag("The Foo Bar Agency (F) said. F agreed."), "fba=Foo Bar Agency");
	untag();
	stage_close();
}
END_TEST

START_TEST(test_stage_person_link)
{
	put("g.yaml", "entities:\n  - id: anna-smith\n    type: person\n    aliases: [Anna Smith]\n"
		      "  - id: fba\n    type: organization\n    aliases: [Foo Bar Agency]\n");
	stage_open("g.yaml", NULL);
	ck_assert_str_eq(tag("Anna Smith arrived. Smith said that Anna Smith and "
			     "Smithson agreed; smith did not."),
			 "anna-smith=Anna Smith; anna-smith=Smith; anna-smith=Anna Smith");
	ck_assert_str_eq(art->mentions[1].label, "Anna Smith");
	ck_assert_str_eq(art->mentions[1].type, "person");
	/* a surname before the full name is not linked ... */
	ck_assert_str_eq(tag("Smith met Anna Smith."), "anna-smith=Anna Smith");
	/* ... but in the title it is, over another type too */
	ck_assert_str_eq(tag("Smith meets the Foo Bar Agency\n\nAnna Smith met it. Smith spoke."),
			 "anna-smith=Smith; fba=Foo Bar Agency; anna-smith=Anna Smith; anna-smith=Smith");
	/* not for other types */
	ck_assert_str_eq(tag("The Foo Bar Agency met. Agency said."), "fba=Foo Bar Agency");
	untag();
	stage_close();
}
END_TEST

START_TEST(test_stage_person_link_particles)
{
	/* an ending after lower-case particles takes the particles the text
	 * has before it too, capitalised or not; not other words, not a
	 * particle the name does not have there, not part of a word */
	put("g.yaml", "entities:\n  - id: ursula-von-der-leyen\n    type: person\n"
		      "    aliases: [Ursula von der Leyen]\n");
	stage_open("g.yaml", NULL);
	ck_assert_str_eq(tag("Ursula von der Leyen came. Von der Leyen spoke; von der Leyen and "
			     "der Leyen left. Leyen, van der Leyen and Xvon der Leyen stayed."),
			 "ursula-von-der-leyen=Ursula von der Leyen; ursula-von-der-leyen=Von der Leyen; "
			 "ursula-von-der-leyen=von der Leyen; ursula-von-der-leyen=der Leyen; "
			 "ursula-von-der-leyen=Leyen; ursula-von-der-leyen=der Leyen; "
			 "ursula-von-der-leyen=der Leyen");
	untag();
	stage_close();
}
END_TEST

START_TEST(test_stage_person_link_over_gazetteer)
{
	/* a person's surname found again where the gazetteer has a thing of
	 * another type is the person; not before the person is named, and not
	 * over a thing that gives names itself (an acronym in brackets), nor
	 * with a name other than the person's */
	put("g.yaml", "entities:\n  - id: volker-turk\n    type: person\n    aliases: [Volker T\u00fcrk]\n"
		      "  - id: turkish\n    type: nationality\n    aliases: [Turk]\n"
		      "  - id: jordan\n    type: location\n    aliases: [Jordan]\n"
		      "  - id: ann-jordan\n    type: person\n    aliases: [Ann Jordan]\n");
	stage_open("g.yaml", NULL);
	ck_assert_str_eq(tag("Turk spoke. Volker T\u00fcrk said it, T\u00fcrk said."),
			 "turkish=Turk; volker-turk=Volker T\u00fcrk; volker-turk=T\u00fcrk");
	ck_assert_str_eq(tag("T\u00fcrk alarmed by attacks\n\nVolker T\u00fcrk said it."),
			 "volker-turk=T\u00fcrk; volker-turk=Volker T\u00fcrk");
	ck_assert_str_eq(art->mentions[2].type, "person");
	ck_assert_str_eq(tag("Ann Jordan met Jordan (JO) and Jordan."),
			 "ann-jordan=Ann Jordan; jordan=Jordan; jordan=JO; ann-jordan=Jordan");
	/* a person's acronym in brackets is no name of theirs to take over with */
	ck_assert_str_eq(tag("Ann Jordan (JORDAN) spoke."), "ann-jordan=Ann Jordan; jordan=JORDAN");
	untag();
	stage_close();
}
END_TEST

START_TEST(test_stage_person_link_other_given_name)
{
	/* a surname after another given name inside a sentence is someone
	 * else's; not after a title (a 'needs' word), at a sentence start or
	 * after a lower-case word */
	put("g.yaml", "classes:\n  title: [President]\n"
		      "entities:\n  - id: joe-biden\n    type: person\n    aliases: [Joe Biden]\n"
		      "patterns:\n  - id: t\n    type: person\n    needs: [title]\n"
		      "    regex: '(?-i:President) (?<name>Zed Zed)'\n");
	stage_open("g.yaml", NULL);
	ck_assert_str_eq(tag("Joe Biden came with Hunter Biden, then President Biden and the "
			     "Biden family left. Hunter Biden stayed."),
			 "joe-biden=Joe Biden; joe-biden=Biden; joe-biden=Biden; joe-biden=Biden");
	untag();
	stage_close();
}
END_TEST

START_TEST(test_stage_person_link_name_words)
{
	/* the word before a particle, after two or more words, stands for the
	 * person ("Lula"), but not before an al- name ("Shia"); the first
	 * word links only a person a pattern found spelt so ("Dr Tedros"),
	 * not a free word */
	put("g.yaml", "classes:\n  honorific: [Dr]\n"
		      "entities:\n  - id: lula\n    type: person\n"
		      "    aliases: [Luiz In\u00e1cio Lula da Silva]\n"
		      "  - id: sudani\n    type: person\n    aliases: [Mohammed Shia al-Sudani]\n"
		      "  - id: ta\n    type: person\n    aliases: [Tedros Adhanom]\n"
		      "patterns:\n  - id: h\n    type: person\n    needs: [honorific]\n"
		      "    regex: '(?-i:Dr) (?<name>[A-Z][a-z]+)'\n");
	stage_open("g.yaml", NULL);
	ck_assert_str_eq(tag("Luiz In\u00e1cio Lula da Silva spoke. Lula left, and Luiz stayed."),
			 "lula=Luiz In\u00e1cio Lula da Silva; lula=Lula");
	ck_assert_str_eq(tag("Mohammed Shia al-Sudani met Shia leaders."),
			 "sudani=Mohammed Shia al-Sudani");
	ck_assert_str_eq(tag("Tedros Adhanom spoke. Dr Tedros left; Tedros stayed. Dr Ann came."),
			 "ta=Tedros Adhanom; ta=Tedros; ann=Ann");
	untag();
	stage_close();
}
END_TEST

START_TEST(test_stage_person_link_first_last)
{
	/* a name of three or more capitalised words gives its first and last
	 * words, which link before its endings; not after a particle, not
	 * with a last word in capitals ("III") */
	put("g.yaml", "entities:\n  - id: tinubu\n    type: person\n"
		      "    aliases: [Bola Ahmed Tinubu]\n"
		      "  - id: vdl\n    type: person\n    aliases: [Ursula von der Leyen]\n"
		      "  - id: ford\n    type: person\n    aliases: [Henry Ford III]\n");
	stage_open("g.yaml", NULL);
	ck_assert_str_eq(tag("Bola Ahmed Tinubu spoke. Bola Tinubu left; Tinubu and Ahmed Tinubu "
			     "stayed."),
			 "tinubu=Bola Ahmed Tinubu; tinubu=Bola Tinubu; tinubu=Tinubu; "
			 "tinubu=Ahmed Tinubu");
	ck_assert_str_eq(tag("Ursula von der Leyen met Ursula Leyen."), "vdl=Ursula von der Leyen");
	ck_assert_ptr_null(strstr(tag("Henry Ford III met Henry III."), "Henry III"));
	untag();
	stage_close();
}
END_TEST

START_TEST(test_stage_person_link_surname_first)
{
	/* a name that opens with a family name of the class surname_first
	 * gives that word alone, before its endings; others do not */
	put("g.yaml", "classes:\n  surname_first: [Xi, Lee]\n"
		      "entities:\n  - id: xi\n    type: person\n    aliases: [Xi Jinping]\n"
		      "  - id: kl\n    type: person\n    aliases: [Kim Lee Smith]\n");
	stage_open("g.yaml", NULL);
	ck_assert_str_eq(tag("Xi Jinping spoke. Xi left; Jinping stayed."),
			 "xi=Xi Jinping; xi=Xi; xi=Jinping");
	ck_assert_str_eq(tag("Kim Lee Smith spoke. Kim left; Lee stayed."), "kl=Kim Lee Smith");
	untag();
	stage_close();
}
END_TEST

START_TEST(test_stage_person_link_plain)
{
	/* a person's name or surname written again without its accents is
	 * the person, also over the gazetteer; not the other way round */
	put("g.yaml", "entities:\n  - id: recep-erdogan\n    type: person\n"
		      "    aliases: [Recep Erdo\u011fan]\n"
		      "  - id: volker-turk\n    type: person\n    aliases: [Volker T\u00fcrk]\n"
		      "  - id: turkish\n    type: nationality\n    aliases: [Turk]\n"
		      "    accents: exact\n"
		      "  - id: ana-pena\n    type: person\n    aliases: [Ana Pena]\n");
	stage_open("g.yaml", NULL);
	ck_assert_str_eq(tag("Recep Erdo\u011fan came. Erdogan and Recep Erdogan left; "
			     "Erdo\u011fan stayed."),
			 "recep-erdogan=Recep Erdo\u011fan; recep-erdogan=Erdogan; "
			 "recep-erdogan=Recep Erdogan; recep-erdogan=Erdo\u011fan");
	ck_assert_str_eq(tag("Volker T\u00fcrk spoke. Turk said."),
			 "volker-turk=Volker T\u00fcrk; volker-turk=Turk");
	ck_assert_str_eq(art->mentions[1].type, "person");
	ck_assert_str_eq(tag("Ana Pena came. Pe\u00f1a left."), "ana-pena=Ana Pena");
	untag();
	stage_close();
}
END_TEST

START_TEST(test_stage_person_link_not_on_date)
{
	/* a person's name where the dates stage found a date is left to it */
	static const char text[] = "Theresa May spoke. Sales rose in May, May said.";
	uint32_t on = (uint32_t)(strstr(text, "in May") - text) + 3;
	uint32_t said = (uint32_t)(strstr(text, "May said") - text);
	struct nt_err err = { "" };
	uint32_t starts[4];
	size_t i, n = 0;

	put("g.yaml", "entities:\n  - id: theresa-may\n    type: person\n    aliases: [Theresa May]\n");
	stage_open("g.yaml", NULL);
	if (!art)
		art = nt_article_new();
	nt_article_reset(art);
	nt_article_append_raw(art, text, strlen(text));
	ck_assert_int_eq(nt_stage_normalize.run(norm, art, &err), 0);
	nt_article_add_mention(art, NT_KIND_DATE, on, on + 3);
	ck_assert_int_eq(nt_stage_entities.run(ents, art, &err), 0);
	for (i = 0; i < art->nmentions; i++) {
		const struct nt_mention *m = &art->mentions[i];

		if (m->kind != NT_KIND_ENTITY)
			continue;
		ck_assert_str_eq(m->id, "theresa-may");
		ck_assert_uint_lt(n, 4);
		starts[n++] = m->start;
	}
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(starts[0], 0);
	ck_assert_uint_eq(starts[1], said);
	untag();
	stage_close();
}
END_TEST

START_TEST(test_stage_pattern_needs)
{
	/* a pattern with needs runs only near its class words, and finds there
	 * what it finds without needs; far from them it finds nothing */
	char text[4096];
	size_t n = 0;
	int i;

	put("n.yaml", "classes:\n  title: [Foreign Minister, Minister]\n"
		      "patterns:\n  - id: person-after-title\n    type: person\n    needs: [title]\n"
		      "    regex: '(?:\\b(?:{title})\\s+)?(?<name>Anna\\s+\\p{Lu}\\p{L}+)'\n");
	stage_open("n.yaml", NULL);
	n += (size_t)snprintf(text + n, sizeof text - n, "Anna Early spoke. ");
	for (i = 0; i < 30; i++)   /* 300 bytes of filler: beyond any window */
		n += (size_t)snprintf(text + n, sizeof text - n, "and so on ");
	snprintf(text + n, sizeof text - n, "Then Foreign Minister Anna Smith met Anna Jones.");
	ck_assert_str_eq(tag(text), "anna-smith=Anna Smith; anna-jones=Anna Jones");
	untag();
	stage_close();
}
END_TEST

/* For each of the N cases, a pattern file from RULE (a format with one
 * %s, filled with the case's keys) tags TEXT as the case says. */
static void
tag_with_keys(const char *rule, const char *const cases[][2], size_t n, const char *text)
{
	char yaml[512];
	size_t i;

	for (i = 0; i < n; i++) {
		snprintf(yaml, sizeof yaml, rule, cases[i][0]);
		put("n.yaml", yaml);
		stage_open("n.yaml", NULL);
		ck_assert_str_eq(tag(text), cases[i][1]);
		untag();
		stage_close();
	}
}

START_TEST(test_stage_pattern_needs_case)
{
	/* needs words match in any case by default; with needs_case: exact
	 * only as written, so a pattern that itself ignores case ((?i)) is
	 * not tried near "minister" */
	static const char *const cases[][2] = {
		{ "needs_case: fold", "anna-smith=Anna Smith; anna-jones=anna jones" },
		{ "needs_case: exact", "anna-smith=Anna Smith" },
	};
	const char *text = "Foreign Minister Anna Smith left. The minister anna jones stayed.";
	const char *rule = "classes:\n  title: [Minister]\n"
			   "patterns:\n  - id: p\n    type: person\n    needs: [title]\n    %s\n"
			   "    needs_before: 0\n    needs_after: 0\n"
			   "    regex: '(?i)\\bminister\\s+(?<name>anna\\s+\\w+)'\n";

	tag_with_keys(rule, cases, sizeof cases / sizeof *cases, text);
}
END_TEST

START_TEST(test_stage_pattern_needs_first_word)
{
	/* windows open at the first word of a class phrase only: "of" in
	 * "Cabinet of Ministers" opens none (the pattern here breaks the
	 * contract on purpose, matching without the phrase, to show it) */
	put("n.yaml", "classes:\n  state_body: [Cabinet of Ministers]\n"
		      "patterns:\n  - id: p\n    type: organization\n    needs: [state_body]\n"
		      "    needs_before: 0\n    needs_after: 0\n"
		      "    regex: '(?<name>\\b(?:Cabinet|Ministers|Council)\\b)'\n");
	stage_open("n.yaml", NULL);
	ck_assert_str_eq(tag("The Cabinet of Ministers met."), "cabinet=Cabinet");
	ck_assert_str_eq(tag("Ministers of state met."), "");
	ck_assert_str_eq(tag("Council of Europe met."), "");
	untag();
	stage_close();
}
END_TEST

START_TEST(test_stage_pattern_needs_near)
{
	/* needs_after 0: a match starts at the latest where a class word
	 * ends; needs_before 0: at the earliest where one starts */
	static const char *const cases[][2] = {
		{ "needs_after: 0", "anna-early=Anna Early; anna-smith=Anna Smith" },
		{ "needs_before: 0", "anna-smith=Anna Smith; anna-jones=Anna Jones" },
	};
	const char *text = "Anna Early met Foreign Minister Anna Smith and Anna Jones.";
	const char *rule = "classes:\n  title: [Foreign Minister, Minister]\n"
			   "patterns:\n  - id: p\n    type: person\n    needs: [title]\n    %s\n"
			   "    regex: '(?:\\b(?:{title})\\s+)?(?<name>Anna\\s+\\p{Lu}\\p{L}+)'\n";

	tag_with_keys(rule, cases, sizeof cases / sizeof *cases, text);
}
END_TEST

START_TEST(test_stage_pattern_needs_shared)
{
	/* patterns whose needs share words: each word is looked up once, and
	 * each pattern runs in its own windows only; a pattern without needs
	 * between them runs everywhere */
	char text[4096], filler[512];
	size_t n = 0;
	int i;

	for (i = 0; i < 30; i++)   /* 300 bytes: beyond any window */
		n += (size_t)snprintf(filler + n, sizeof filler - n, "and so on ");
	put("n.yaml", "classes:\n  title: [Minister]\n  rank: [General, Minister]\n"
		      "patterns:\n"
		      "  - id: anna\n    type: person\n    needs: [title]\n"
		      "    regex: '(?<name>Anna\\s+\\p{Lu}\\p{L}+)'\n"
		      "  - id: corp\n    type: organization\n"
		      "    regex: '\\bCorp\\s+(?<name>\\p{Lu}\\p{L}+)'\n"
		      "  - id: bert\n    type: person\n    needs: [rank]\n"
		      "    regex: '(?<name>Bert\\s+\\p{Lu}\\p{L}+)'\n");
	stage_open("n.yaml", NULL);
	snprintf(text, sizeof text, "Anna Early, Bert Early. %sGeneral Bert Jones, Anna Grey. %s"
		 "Minister Anna Smith, Bert Brown. %sCorp Acme.", filler, filler, filler);
	ck_assert_str_eq(tag(text), "bert-jones=Bert Jones; anna-smith=Anna Smith; "
			 "bert-brown=Bert Brown; acme=Acme");
	untag();
	stage_close();
}
END_TEST

START_TEST(test_stage_short_link)
{
	/* a pattern's group "short": later mentions of it link to the match;
	 * not earlier ones, not parts of longer words */
	put("s.yaml", "patterns:\n  - id: company\n    type: organization\n"
		      "    regex: '(?<name>(?<short>\\p{Lu}\\w+(?:\\s+\\p{Lu}\\w+)?)\\s+Inc)'\n");
	stage_open("s.yaml", NULL);
	ck_assert_str_eq(tag("Magna said. Magna International Inc bought it; Magna International "
			     "rose and Magna Internationals fell."),
			 "magna-international-inc=Magna International Inc; "
			 "magna-international-inc=Magna International");
	ck_assert_str_eq(art->mentions[1].label, "Magna International Inc");
	untag();
	stage_close();
}
END_TEST

/* Write rule file NAME: HEAD, then a pattern whose name group is numbered
 * past 32 (39 optional groups before it) and matches "Foo Bar", its short
 * group "Bar". */
static void
put_many_groups(const char *name, const char *head)
{
	char yaml[640];
	size_t n = 0;
	int i;

	n += (size_t)snprintf(yaml + n, sizeof yaml - n,
			      "%spatterns:\n  - id: many\n    type: organization\n    regex: '", head);
	for (i = 0; i < 39; i++)
		n += (size_t)snprintf(yaml + n, sizeof yaml - n, "(x)?");
	snprintf(yaml + n, sizeof yaml - n, "(?<name>Foo\\s+(?<short>Bar))'\n");
	put(name, yaml);
}

START_TEST(test_stage_many_groups)
{
	/* a name group numbered past 32: the match data is as big as the
	 * patterns need (ASan would catch a read past it) */
	put_many_groups("g.yaml", "");
	stage_open("g.yaml", NULL);
	ck_assert_str_eq(tag("Foo Bar and Bar."), "foo-bar=Foo Bar; foo-bar=Bar");
	untag();
	stage_close();
}
END_TEST

/* A fork (--jobs) shares its original's compiled rules and tags as it
 * does, glued words and patterns included; freeing the fork leaves the
 * original whole (ASan would catch a rule freed twice or read after), and
 * the fork's match data is as big as the patterns need. */
START_TEST(test_stage_fork)
{
	const char *text = "The Ministry spoke toBelarus. Foo Bar and Bar came.";
	char *want;
	void *norm0, *ents0;

	put_many_groups("g.yaml", "entities:\n  - id: belarus\n    type: location\n"
				  "    aliases: [Belarus]\n");
	stage_open("g.yaml", NULL);
	want = strdup(tag(text));
	ck_assert_str_eq(want, "belarus=Belarus; foo-bar=Foo Bar; foo-bar=Bar");
	norm0 = norm;
	ents0 = ents;
	norm = nt_stage_normalize.fork(norm0);
	ents = nt_stage_entities.fork(ents0);
	ck_assert_str_eq(tag(text), want);
	nt_stage_entities.fini(ents);
	nt_stage_normalize.fini(norm);
	norm = norm0;
	ents = ents0;
	ck_assert_str_eq(tag(text), want);
	free(want);
	untag();
	stage_close();
}
END_TEST

START_TEST(test_stage_person_link_pattern)
{
	/* a person found by a pattern: later mentions take the first one's id
	 * and label */
	put("p.yaml", "classes:\n  title: [Minister]\n"
		      "patterns:\n  - id: person-after-title\n    type: person\n"
		      "    regex: '\\b(?:{title})\\s+(?<name>\\p{Lu}\\p{L}+(?:\\s+\\p{Lu}\\p{L}+){1,2})'\n");
	stage_open("p.yaml", NULL);
	ck_assert_str_eq(tag("Minister Anna Smith arrived. Smith said that Anna Smith and "
			     "Smithson agreed; smith did not."),
			 "anna-smith=Anna Smith; anna-smith=Smith; anna-smith=Anna Smith");
	ck_assert_str_eq(art->mentions[1].label, "Anna Smith");
	untag();
	stage_close();
}
END_TEST

START_TEST(test_stage_many_links)
{
	/* many later mentions: the candidate list grows while linking */
	char text[8192];
	size_t n = 0;
	int i;

	put("p.yaml", "entities:\n  - id: fba\n    type: organization\n    aliases: [Foo Bar Agency]\n"
		      "  - id: anna-smith\n    type: person\n    aliases: [Anna Smith]\n");
	stage_open("p.yaml", NULL);
	n += (size_t)snprintf(text + n, sizeof text - n,
			      "Minister Anna Smith and the Foo Bar Agency (FBA) met.");
	for (i = 0; i < 200; i++)
		n += (size_t)snprintf(text + n, sizeof text - n, " Smith and FBA.");
	tag(text);
	ck_assert_uint_eq(art->nmentions, 2 + 1 + 400);
	for (i = 0; i < 200; i++) {
		ck_assert_str_eq(art->mentions[3 + 2 * i].id, "anna-smith");
		ck_assert_str_eq(art->mentions[4 + 2 * i].id, "fba");
	}
	untag();
	stage_close();
}
END_TEST

START_TEST(test_stage_person_acronym_links)
{
	/* a person with a bracketed acronym, linked many times both ways: the
	 * candidate list is reallocated while the person is being linked */
	char text[16384];
	size_t n = 0;
	int i;

	put("p.yaml", "entities:\n  - id: anna-smith\n    type: person\n    aliases: [Anna Smith]\n");
	stage_open("p.yaml", NULL);
	n += (size_t)snprintf(text + n, sizeof text - n, "Anna Smith (AS) arrived.");
	for (i = 0; i < 300; i++)
		n += (size_t)snprintf(text + n, sizeof text - n, " AS and Smith.");
	tag(text);
	ck_assert_uint_eq(art->nmentions, 2 + 600);
	for (i = 0; i < 602; i++)
		ck_assert_str_eq(art->mentions[i].id, "anna-smith");
	untag();
	stage_close();
}
END_TEST

START_TEST(test_stage_offsets)
{
	put("o.yaml", "entities:\n"
		      "  - id: turkiye\n    type: location\n    aliases: [Türkiye, Turkey]\n"
		      "  - id: belarus\n    type: location\n    aliases: [Belarus]\n"
		      "  - id: unicef\n    type: organization\n    aliases: [UN Children's Fund]\n"
		      "  - id: azerbaijan\n    type: location\n    aliases: [Azerbaijan]\n");
	stage_open("o.yaml", NULL);
	/* decomposed accents, curly apostrophe, glued words, CRLF, en dash,
	 * non-ASCII before: offsets are code points of the original */
	ck_assert_str_eq(tag("\xc3\xa9\xc3\xa9 Tu\xcc\x88rkiye\r\nflew toBelarus; the "
			     "UN\xc2\xa0" "Children\xe2\x80\x99s Fund \xe2\x80\x93 Azerbaijan\xe2\x80\x99s."),
			 "turkiye=Tu\xcc\x88rkiye; belarus=Belarus; unicef=UN\xc2\xa0" "Children\xe2\x80\x99s "
			 "Fund; azerbaijan=Azerbaijan");
	ck_assert_uint_eq(art->mentions[0].start, 3);
	ck_assert_uint_eq(art->mentions[0].end, 11);
	ck_assert_str_eq(art->mentions[0].label, "Türkiye");
	/* no match across a blank line */
	ck_assert_str_eq(tag("UN Children's\n\nFund and Turkey"), "turkiye=Turkey");
	untag();
	stage_close();
}
END_TEST

START_TEST(test_stage_empty_rules)
{
	put("n.yaml", "entities: []\n");
	stage_open("n.yaml", NULL);
	ck_assert_str_eq(tag("Nothing to find here."), "");
	ck_assert_uint_eq(art->nmentions, 0);
	untag();
	stage_close();
}
END_TEST

/* ------------------------------------------------------------------ main */

static Suite *
entities_suite(void)
{
	Suite *s = suite_create("entities");
	TCase *rc = tcase_create("compile");
	TCase *st = tcase_create("stage");

	tcase_add_unchecked_fixture(rc, rulefiles_setup, rulefiles_teardown);
	tcase_add_test(rc, test_ok_minimal);
	tcase_add_test(rc, test_err_not_a_mapping);
	tcase_add_test(rc, test_err_missing_id);
	tcase_add_test(rc, test_err_missing_type);
	tcase_add_test(rc, test_err_missing_aliases);
	tcase_add_test(rc, test_err_bad_id);
	tcase_add_test(rc, test_err_bad_type);
	tcase_add_test(rc, test_err_unknown_key);
	tcase_add_test(rc, test_err_after_place_without_part_of);
	tcase_add_test(rc, test_err_after_place_list);
	tcase_add_test(rc, test_err_not_strings);
	tcase_add_test(rc, test_err_alias_map);
	tcase_add_test(rc, test_err_bad_case_position);
	tcase_add_test(rc, test_err_bad_accents);
	tcase_add_test(rc, test_err_bad_priority);
	tcase_add_test(rc, test_err_bad_bool);
	tcase_add_test(rc, test_err_duplicate_id);
	tcase_add_test(rc, test_err_unknown_part_of);
	tcase_add_test(rc, test_extend_in_later_file);
	tcase_add_test(rc, test_replace);
	tcase_add_test(rc, test_duplicate_alias_warning);
	tcase_add_test(rc, test_pattern_ok);
	tcase_add_test(rc, test_cache_damage_patterns);
	tcase_add_test(rc, test_err_unknown_class);
	tcase_add_test(rc, test_err_classes_shape);
	tcase_add_test(rc, test_err_bad_regex);
	tcase_add_test(rc, test_err_pattern_fields);
	tcase_add_test(rc, test_err_pattern_values);
	tcase_add_test(rc, test_err_needs);
	tcase_add_test(rc, test_err_unknown_in);
	tcase_add_test(rc, test_err_duplicate_pattern);
	tcase_add_test(rc, test_err_pattern_entity);
	tcase_add_test(rc, test_err_many);
	tcase_add_test(rc, test_slug);
	tcase_add_test(rc, test_err_bad_case_value);
	tcase_add_test(rc, test_err_unknown_part_of_column);
	tcase_add_test(rc, test_err_bad_regex_utf8_column);
	tcase_add_test(rc, test_replace_starts_afresh);
	tcase_add_test(st, test_stage_person_acronym_links);
	suite_add_tcase(s, rc);
	tcase_set_timeout(rc, 60);   /* the damaged caches: a few seconds under sanitizers */
	tcase_add_unchecked_fixture(st, rulefiles_setup, rulefiles_teardown);
	tcase_set_timeout(st, 30);
	tcase_add_test(st, test_stage_longest_wins);
	tcase_add_test(st, test_stage_unknown_in);
	tcase_add_test(st, test_stage_fallback);
	tcase_add_test(st, test_stage_fallback_short_name);
	tcase_add_test(st, test_stage_web_address);
	tcase_add_test(st, test_stage_priority_and_order);
	tcase_add_test(st, test_stage_vetoes);
	tcase_add_test(st, test_stage_after_place);
	tcase_add_test(st, test_stage_after_listed_place);
	tcase_add_test(st, test_stage_one_sense);
	tcase_add_test(st, test_stage_patterns);
	tcase_add_test(st, test_stage_pattern_pinned);
	tcase_add_test(st, test_stage_acronym_link);
	tcase_add_test(st, test_stage_person_link);
	tcase_add_test(st, test_stage_person_link_particles);
	tcase_add_test(st, test_stage_person_link_over_gazetteer);
	tcase_add_test(st, test_stage_person_link_name_words);
	tcase_add_test(st, test_stage_person_link_plain);
	tcase_add_test(st, test_stage_person_link_first_last);
	tcase_add_test(st, test_stage_person_link_surname_first);
	tcase_add_test(st, test_stage_person_link_other_given_name);
	tcase_add_test(st, test_stage_person_link_not_on_date);
	tcase_add_test(st, test_stage_pattern_needs);
	tcase_add_test(st, test_stage_pattern_needs_shared);
	tcase_add_test(st, test_stage_pattern_needs_near);
	tcase_add_test(st, test_stage_pattern_needs_case);
	tcase_add_test(st, test_stage_pattern_needs_first_word);
	tcase_add_test(st, test_stage_short_link);
	tcase_add_test(st, test_stage_many_groups);
	tcase_add_test(st, test_stage_fork);
	tcase_add_test(st, test_stage_offsets);
	tcase_add_test(st, test_stage_empty_rules);
	tcase_add_test(st, test_stage_many_links);
	tcase_add_test(st, test_stage_person_link_pattern);
	suite_add_tcase(s, st);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(entities_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
