/* check_json.c - unit tests of json.c: the strict field reader and the
 * string writer.
 *
 * Every parse runs on an exact-size heap copy of the input without a
 * terminating NUL, so that a read past the end shows up under
 * AddressSanitizer. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

#define NFIELDS 3

static const char *const names[NFIELDS] = { "text", "title", "id" };

struct result {
	int rc;
	char *v[NFIELDS];
	size_t len[NFIELDS];
	char msg[128];
	size_t col;
};

/* Parse the first LEN bytes of JSON for the fields in NAMES. */
static struct result
parse_n(const char *json, size_t len)
{
	struct result r;
	char *copy = malloc(len ? len : 1);

	memcpy(copy, json, len);
	memset(&r, 0, sizeof r);
	r.rc = nt_json_read_fields(copy, len, names, NFIELDS, r.v, r.len, r.msg,
				   sizeof r.msg, &r.col);
	free(copy);
	return r;
}

static struct result
parse(const char *json)
{
	return parse_n(json, strlen(json));
}

static void
result_free(struct result *r)
{
	size_t i;

	for (i = 0; i < NFIELDS; i++)
		free(r->v[i]);
}

/* Check that JSON parses and field I is the LEN bytes WANT (NULL: absent). */
static void
check_field(const char *json, size_t i, const char *want, size_t len)
{
	struct result r = parse(json);

	ck_assert_msg(r.rc == 0, "%s: %s", json, r.msg);
	if (want) {
		ck_assert_ptr_nonnull(r.v[i]);
		ck_assert_uint_eq(r.len[i], len);
		ck_assert_msg(memcmp(r.v[i], want, len) == 0, "%s: got '%s'", json, r.v[i]);
		ck_assert_int_eq(r.v[i][len], '\0');
	} else {
		ck_assert_ptr_null(r.v[i]);
	}
	result_free(&r);
}

/* Check that JSON is refused with MSG at column COL. */
static void
check_error(const char *json, const char *msg, size_t col)
{
	struct result r = parse(json);
	size_t i;

	ck_assert_msg(r.rc == -1, "%s: accepted", json);
	ck_assert_str_eq(r.msg, msg);
	ck_assert_msg(r.col == col, "%s: column %zu, want %zu", json, r.col, col);
	for (i = 0; i < NFIELDS; i++)
		ck_assert_ptr_null(r.v[i]);
}

START_TEST(test_fields)
{
	struct result r = parse(" {\"id\": \"a1\", \"x\": [1, {\"y\": null}], "
				"\"text\" : \"Hello\", \"n\": -0.5e+3, \"b\": true}  \r\n");

	ck_assert_int_eq(r.rc, 0);
	ck_assert_str_eq(r.v[0], "Hello");
	ck_assert_uint_eq(r.len[0], 5);
	ck_assert_ptr_null(r.v[1]);
	ck_assert_uint_eq(r.len[1], 0);
	ck_assert_str_eq(r.v[2], "a1");
	result_free(&r);
	check_field("{}", 0, NULL, 0);
	check_field("{\"text\":null}", 0, NULL, 0);
	check_field("{\"text\":\"\"}", 0, "", 0);
}
END_TEST

START_TEST(test_numbers_verbatim)
{
	check_field("{\"id\":12}", 2, "12", 2);
	check_field("{\"id\":-0}", 2, "-0", 2);
	check_field("{\"id\":0.5e-3}", 2, "0.5e-3", 6);
	check_field("{\"id\":1E+10 }", 2, "1E+10", 5);
	check_field("{\"x\":[0,-1.25,3e7]}", 2, NULL, 0);
}
END_TEST

START_TEST(test_bad_numbers)
{
	check_error("{\"id\":01}", "expected ',' or '}'", 8);
	check_error("{\"id\":1.}", "invalid number", 7);
	check_error("{\"id\":-}", "invalid number", 7);
	check_error("{\"id\":.5}", "expected value", 7);
	check_error("{\"id\":+1}", "expected value", 7);
	check_error("{\"id\":1e}", "invalid number", 7);
	check_error("{\"id\":1e+}", "invalid number", 7);
	check_error("{\"x\":[1,-]}", "invalid number", 9);
	check_error("{\"id\":1", "expected ',' or '}'", 8);
}
END_TEST

START_TEST(test_escapes)
{
	check_field("{\"text\":\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t\"}", 0,
		    "q\" b\\ s/ \b\f\n\r\t", 14);
	check_field("{\"text\":\"\\u00e9\\u00E9\\u20ac\"}", 0, "\xC3\xA9\xC3\xA9\xE2\x82\xAC", 7);
	check_field("{\"text\":\"a\\u0000b\"}", 0, "a\0b", 3);
	/* A surrogate pair is one character. */
	check_field("{\"text\":\"\\ud83d\\ude00\"}", 0, "\xF0\x9F\x98\x80", 4);
	/* Lone surrogates become U+FFFD. */
	check_field("{\"text\":\"\\ud83d\"}", 0, "\xEF\xBF\xBD", 3);
	check_field("{\"text\":\"\\ude00x\"}", 0, "\xEF\xBF\xBDx", 4);
	check_field("{\"text\":\"\\ud83dA\"}", 0, "\xEF\xBF\xBD" "A", 4);
	check_field("{\"text\":\"\\ud83d\\u0041\"}", 0, "\xEF\xBF\xBD" "A", 4);
	check_field("{\"text\":\"\\ud800\\ud83d\\ude00\"}", 0,
		    "\xEF\xBF\xBD\xF0\x9F\x98\x80", 7);
	/* Raw UTF-8 is kept as is. */
	check_field("{\"text\":\"caf\xC3\xA9 \xF0\x9F\x98\x80\"}", 0,
		    "caf\xC3\xA9 \xF0\x9F\x98\x80", 10);
}
END_TEST

START_TEST(test_bad_strings)
{
	check_error("{\"text\":\"abc", "unterminated string", 9);
	check_error("{\"text\":\"abc\\", "invalid escape in string", 13);
	check_error("{\"text\":\"a\\x\"}", "invalid escape in string", 11);
	check_error("{\"text\":\"\\u12\"}", "invalid escape in string", 10);
	check_error("{\"text\":\"\\u12g4\"}", "invalid escape in string", 10);
	check_error("{\"text\":\"\\ud83d\\u12\"}", "invalid escape in string", 16);
	check_error("{\"text\":\"a\tb\"}", "control character in string", 11);
	check_error("{\"text\":\"a\nb\"}", "control character in string", 11);
	/* Invalid UTF-8: bad continuation, overlong, surrogate, too high,
	 * truncated, stray continuation byte; in a skipped value too. */
	check_error("{\"text\":\"\xC3\x28\"}", "invalid UTF-8 in string", 10);
	check_error("{\"text\":\"\xC0\x80\"}", "invalid UTF-8 in string", 10);
	check_error("{\"text\":\"\xE0\x80\x80\"}", "invalid UTF-8 in string", 10);
	check_error("{\"text\":\"\xED\xA0\x80\"}", "invalid UTF-8 in string", 10);
	check_error("{\"text\":\"\xF4\x90\x80\x80\"}", "invalid UTF-8 in string", 10);
	check_error("{\"text\":\"\xF5\x80\x80\x80\"}", "invalid UTF-8 in string", 10);
	check_error("{\"text\":\"\xE2\x82\"}", "invalid UTF-8 in string", 10);
	check_error("{\"text\":\"\x80\"}", "invalid UTF-8 in string", 10);
	check_error("{\"x\":[\"ok\",\"\xFF\"]}", "invalid UTF-8 in string", 13);
	check_error("{\"\xFF\":1}", "invalid UTF-8 in string", 3);
}
END_TEST

START_TEST(test_truncated_utf8_at_end)
{
	/* The buffer ends inside a multi-byte character: must not read on. */
	struct result r = parse_n("{\"text\":\"\xF0\x9F\x98\x80", 12);

	ck_assert_int_eq(r.rc, -1);
	ck_assert_str_eq(r.msg, "invalid UTF-8 in string");
	r = parse_n("{\"text\":\"\\ud83d\\ude00\"}", 18);
	ck_assert_int_eq(r.rc, -1);
	ck_assert_str_eq(r.msg, "invalid escape in string");
	r = parse_n("{\"id\":true}", 9);
	ck_assert_int_eq(r.rc, -1);
	ck_assert_str_eq(r.msg, "invalid literal");
	r = parse_n("", 0);
	ck_assert_int_eq(r.rc, -1);
	ck_assert_str_eq(r.msg, "not a JSON object");
	ck_assert_uint_eq(r.col, 1);
}
END_TEST

START_TEST(test_structure_errors)
{
	check_error("[1]", "not a JSON object", 1);
	check_error("  \"text\"", "not a JSON object", 3);
	check_error("   ", "not a JSON object", 4);
	check_error("{\"text\" \"a\"}", "expected ':'", 9);
	check_error("{\"text\":\"a\" \"id\":1}", "expected ',' or '}'", 13);
	check_error("{\"text\":\"a\",}", "expected member name", 13);
	check_error("{text:1}", "expected member name", 2);
	check_error("{\"x\":[1,]}", "expected value", 9);
	check_error("{\"x\":[1 2]}", "expected ',' or ']'", 9);
	check_error("{\"x\":{\"a\" 1}}", "expected ':'", 11);
	check_error("{\"x\":tru}", "invalid literal", 6);
	check_error("{\"x\":nul}", "invalid literal", 6);
	check_error("{\"x\":True}", "expected value", 6);
	check_error("{} x", "trailing characters after object", 4);
	check_error("{}{}", "trailing characters after object", 3);
	check_error("{\"text\":\"a\"", "expected ',' or '}'", 12);
	check_error("{", "expected member name", 2);
}
END_TEST

START_TEST(test_not_a_string)
{
	check_error("{\"title\":{\"a\":\"b\"}}", "field 'title' is not a string", 10);
	check_error("{\"title\":[\"a\"]}", "field 'title' is not a string", 10);
	check_error("{\"title\":true}", "field 'title' is not a string", 10);
	check_error("{\"title\":false}", "field 'title' is not a string", 10);
	/* A malformed value is reported as such, not as a type error. */
	check_error("{\"title\":[1,}", "expected value", 13);
	/* Unrequested fields may hold anything. */
	check_field("{\"other\":{\"title\":[true,false,null]},\"title\":\"t\"}", 1, "t", 1);
}
END_TEST

START_TEST(test_duplicates_last_wins)
{
	check_field("{\"text\":\"a\",\"text\":\"bc\"}", 0, "bc", 2);
	check_field("{\"text\":\"a\",\"text\":null}", 0, NULL, 0);
	check_field("{\"text\":null,\"text\":7}", 0, "7", 1);
	/* Values found before an error are freed and reset. */
	check_error("{\"text\":\"a\",\"title\":\"b\",\"id\":[}", "expected value", 31);
}
END_TEST

START_TEST(test_escaped_keys)
{
	check_field("{\"\\u0074itle\":\"t\"}", 1, "t", 1);
	check_field("{\"t\\u0069tle\":\"t\",\"titl\":\"x\",\"titles\":\"y\"}", 1, "t", 1);
	/* A key that only differs after a NUL is not a match. */
	check_field("{\"title\\u0000\":\"t\"}", 1, NULL, 0);
}
END_TEST

/* A line of N nested arrays as the value of "x". */
static char *
nested(size_t n)
{
	char *s = malloc(2 * n + 8);
	size_t i, len = 0;

	len += (size_t)sprintf(s, "{\"x\":");
	for (i = 0; i < n; i++)
		s[len++] = '[';
	for (i = 0; i < n; i++)
		s[len++] = ']';
	s[len++] = '}';
	s[len] = '\0';
	return s;
}

START_TEST(test_depth_limit)
{
	char *ok = nested(255), *deep = nested(256), *huge = nested(100000);
	struct result r;

	r = parse(ok);
	ck_assert_msg(r.rc == 0, "%s", r.msg);
	r = parse(deep);
	ck_assert_int_eq(r.rc, -1);
	ck_assert_str_eq(r.msg, "nesting deeper than 256");
	ck_assert_uint_eq(r.col, 6 + 255);
	r = parse(huge);
	ck_assert_int_eq(r.rc, -1);
	ck_assert_str_eq(r.msg, "nesting deeper than 256");
	free(ok);
	free(deep);
	free(huge);
}
END_TEST

START_TEST(test_long_line)
{
	/* Large inputs parse in one linear pass. */
	size_t n = 4u << 20, i;
	char *s = malloc(n + 64), *p = s;
	struct result r;

	p += sprintf(p, "{\"x\":[");
	for (i = 0; i < n / 4; i++)
		p += sprintf(p, i ? ",%d" : "%d", (int)(i % 10));
	p += sprintf(p, "],\"text\":\"");
	memset(p, 'a', n / 2);
	p += n / 2;
	p += sprintf(p, "\"}");
	r = parse_n(s, (size_t)(p - s));
	ck_assert_int_eq(r.rc, 0);
	ck_assert_uint_eq(r.len[0], n / 2);
	result_free(&r);
	free(s);
}
END_TEST

START_TEST(test_null_lens)
{
	char *v[NFIELDS], msg[64];
	size_t col;
	static const char json[] = "{\"id\":\"x\"}";

	ck_assert_int_eq(nt_json_read_fields(json, sizeof json - 1, names, NFIELDS, v, NULL,
					     msg, sizeof msg, &col), 0);
	ck_assert_str_eq(v[2], "x");
	free(v[2]);
}
END_TEST

/* What nt_json_write_string writes for the LEN bytes S. */
static char *
written(const char *s, size_t len)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *fp = open_memstream(&buf, &size);

	nt_json_write_string(fp, s, len);
	fclose(fp);
	return buf;
}

static void
check_written(const char *s, size_t len, const char *want)
{
	char *got = written(s, len);

	ck_assert_str_eq(got, want);
	free(got);
}

START_TEST(test_write_string)
{
	check_written("", 0, "\"\"");
	check_written("plain text", 10, "\"plain text\"");
	check_written("a\"b\\c/d", 7, "\"a\\\"b\\\\c/d\"");
	check_written("\n\r\t\b\f", 5, "\"\\n\\r\\t\\b\\f\"");
	check_written("\x01\x1f\x7f", 3, "\"\\u0001\\u001f\x7f\"");
	check_written("a\0b", 3, "\"a\\u0000b\"");
	check_written("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80", 14,
		      "\"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\"");
	check_written("x\xE2\x80\xA8y\xE2\x80\xA9z", 9, "\"x\\u2028y\\u2029z\"");
	/* U+2027 and U+202A are not line terminators. */
	check_written("\xE2\x80\xA7\xE2\x80\xAA", 6, "\"\xE2\x80\xA7\xE2\x80\xAA\"");
	/* Only LEN bytes are written. */
	check_written("abc", 2, "\"ab\"");
}
END_TEST

START_TEST(test_round_trip)
{
	static const char text[] = "q\"\\/\b\f\n\r\t\x01 \xC3\xA9\xE2\x80\xA8\xF0\x9F\x98\x80";
	char *lit = written(text, sizeof text - 1), *json = malloc(strlen(lit) + 16);
	struct result r;

	sprintf(json, "{\"text\":%s}", lit);
	r = parse(json);
	ck_assert_int_eq(r.rc, 0);
	ck_assert_uint_eq(r.len[0], sizeof text - 1);
	ck_assert(memcmp(r.v[0], text, sizeof text - 1) == 0);
	result_free(&r);
	free(lit);
	free(json);
}
END_TEST

static Suite *
json_suite(void)
{
	Suite *s = suite_create("json");
	TCase *rd = tcase_create("read"), *wr = tcase_create("write");

	tcase_add_test(rd, test_fields);
	tcase_add_test(rd, test_numbers_verbatim);
	tcase_add_test(rd, test_bad_numbers);
	tcase_add_test(rd, test_escapes);
	tcase_add_test(rd, test_bad_strings);
	tcase_add_test(rd, test_truncated_utf8_at_end);
	tcase_add_test(rd, test_structure_errors);
	tcase_add_test(rd, test_not_a_string);
	tcase_add_test(rd, test_duplicates_last_wins);
	tcase_add_test(rd, test_escaped_keys);
	tcase_add_test(rd, test_depth_limit);
	tcase_add_test(rd, test_long_line);
	tcase_add_test(rd, test_null_lens);
	tcase_set_timeout(rd, 30);
	suite_add_tcase(s, rd);
	tcase_add_test(wr, test_write_string);
	tcase_add_test(wr, test_round_trip);
	suite_add_tcase(s, wr);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(json_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed != 0;
}
