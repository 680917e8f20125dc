/* check_writer.c - unit tests of the record writers (writer.c, out_delim.c,
 * out_jsonl.c): exact CSV, TSV and JSONL output for hand-built articles.
 *
 * Articles are filled in by hand rather than through article.c, so that the
 * writers are tested on their own and this test links without the rest of
 * the pipeline. */
#include <check.h>
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out.h"
#include "writer.h"

#define MAX_CP 256
#define MAX_MENTIONS 1024

/* An article and the storage it points to. */
struct fixture {
	struct nt_article a;
	char text[MAX_CP * 4];
	uint32_t cp_at[MAX_CP + 1];
	struct nt_mention mentions[MAX_MENTIONS];
	struct nt_topic topics[4];
	char *warnings[4];
};

/* Make F an article named NAME whose original text is TEXT (UTF-8). */
static void
fixture_init(struct fixture *f, const char *name, const char *text)
{
	size_t i;

	memset(f, 0, sizeof *f);
	f->a.name = (char *)name;
	f->a.text = f->text;
	f->a.text_len = strlen(text);
	memcpy(f->text, text, f->a.text_len);
	f->a.cp_at = f->cp_at;
	for (i = 0; i < f->a.text_len; i++)
		if (((unsigned char)text[i] & 0xC0) != 0x80)
			f->cp_at[f->a.ncp++] = (uint32_t)i;
	f->cp_at[f->a.ncp] = (uint32_t)f->a.text_len;
	f->a.mentions = f->mentions;
	f->a.topics = f->topics;
	f->a.warnings = f->warnings;
}

/* Code-point offset of byte offset B of F's text. */
static uint32_t
cp_of(const struct fixture *f, size_t b)
{
	uint32_t i = 0;

	while (f->cp_at[i] < b)
		i++;
	return i;
}

/* Append a mention of KIND over the NTH (0-based) occurrence of SURFACE. */
static struct nt_mention *
add(struct fixture *f, enum nt_kind kind, const char *surface, int nth)
{
	const char *p = f->text;
	struct nt_mention *m = &f->mentions[f->a.nmentions++];

	p = strstr(p, surface);
	while (nth-- > 0)
		p = strstr(p + 1, surface);
	ck_assert_ptr_nonnull(p);
	memset(m, 0, sizeof *m);
	m->kind = kind;
	m->start = cp_of(f, (size_t)(p - f->text));
	m->end = cp_of(f, (size_t)(p - f->text) + strlen(surface));
	return m;
}

static void
add_entity(struct fixture *f, const char *type, const char *id, const char *label,
	   const char *surface, int nth)
{
	struct nt_mention *m = add(f, NT_KIND_ENTITY, surface, nth);

	m->type = type;
	m->id = id;
	m->label = label;
	m->rule = "entities.yaml:7";
	m->via = "alias";
}

static struct nt_mention *
add_date(struct fixture *f, const char *value, const char *surface)
{
	struct nt_mention *m = add(f, NT_KIND_DATE, surface, 0);

	m->type = "DATE";
	m->value = value;
	m->rule = "dates.yaml:2";
	return m;
}

static void
add_topic(struct fixture *f, const char *id, const char *label, double score)
{
	struct nt_topic *t = &f->topics[f->a.ntopics++];

	t->id = id;
	t->label = label;
	t->score = score;
}

static void
add_evidence(struct fixture *f, int topic, const char *surface)
{
	struct nt_mention *m = add(f, NT_KIND_TOPIC, surface, 0);

	m->type = f->topics[topic].id;
	m->id = f->topics[topic].id;
	m->label = f->topics[topic].label;
	m->rule = "topics.yaml:4";
	m->topic = topic;
}

/*          0         1         2         3         4         5         6         7
 *          0123456789012345678901234567890123456789012345678901234567890123456789012345 */
#define HASH "0123456789abcdef0123456789abcdef"
#define SAMPLE "Zoë met Acme, Inc. and Bo in São Paulo on 3 May 2021; Zoë said =1+1 today."

/* The article most tests write: repeated and unlabelled names, cells that
 * need quoting, a formula, two topics (one without evidence). */
static void
sample(struct fixture *f)
{
	fixture_init(f, "a1.txt", SAMPLE);
	f->a.meta[NT_META_DATE] = "2021-05-03";
	f->a.meta[NT_META_SOURCE] = "Wire";
	f->a.meta[NT_META_TITLE] = "-Breaking, news";
	f->a.meta[NT_META_URL] = "http://example.org/a1";
	f->a.lead_end = 26;   /* "Zoë met Acme, Inc. and Bo " */
	strcpy(f->a.content_hash, HASH);
	add_topic(f, "travel", "Travel", 0.8125);
	add_topic(f, "politics", "Politics", 0.5);
	add_entity(f, "person", "Q1", "Zoë Ruiz", "Zoë", 0);
	add_entity(f, "organization", "Q2", "Acme, Inc.", "Acme, Inc.", 0);
	add_entity(f, "person", "Q3", "Bo \"B\" Lee", "Bo", 0);
	add_entity(f, "location", "Q4", "São Paulo", "São Paulo", 0);
	add_date(f, "2021-05-03", "3 May 2021");
	add_entity(f, "person", "Q1", "Zoë Ruiz", "Zoë", 1);
	f->mentions[f->a.nmentions - 1].via = "link";   /* to the first Zoë */
	f->mentions[f->a.nmentions - 1].link_end = 3;
	add_date(f, NULL, "today");
	add_evidence(f, 0, "São Paulo");
	add_entity(f, "formula", NULL, "=1+1", "=1+1", 0);
	add_date(f, "2021-05-03", "3 May")->year_inferred = 1;
	f->warnings[f->a.nwarnings++] = "1:5: odd \"quote\"";
}

static struct nt_output
output(enum nt_records records)
{
	struct nt_output out = { .records = records, .header = 1 };

	return out;
}

/* Everything writer W writes for OUT: begin() (when BEGIN is nonzero) and
 * then article() for A.  Both must succeed. */
static char *
run(const char *w, struct nt_output out, const struct nt_article *a, int begin)
{
	const struct nt_writer *wr = nt_writer_find(w);
	char *buf = NULL;
	size_t size = 0;

	ck_assert_ptr_nonnull(wr);
	out.fp = open_memstream(&buf, &size);
	if (begin)
		ck_assert_int_eq(wr->begin(&out), 0);
	if (a)
		ck_assert_int_eq(wr->article(&out, a), 0);
	fclose(out.fp);
	return buf;
}

static void
check_run(const char *w, struct nt_output out, const struct nt_article *a, int begin,
	  const char *want)
{
	char *got = run(w, out, a, begin);

	ck_assert_str_eq(got, want);
	free(got);
}

#define ARTICLE_HEADER \
	"article,date,source,author,title,people,organizations,locations,events,topics,dates," \
	"url,content_hash"
#define MENTION_HEADER "article,kind,type,id,label,text,value,start,end,in_lead,url,content_hash"
/* The url and content_hash cells of sample()'s article, and the end of the record. */
#define URL_HASH ",http://example.org/a1," HASH "\n"

START_TEST(test_find)
{
	ck_assert_str_eq(nt_writer_find("csv")->name, "csv");
	ck_assert_str_eq(nt_writer_find("tsv")->name, "tsv");
	ck_assert_str_eq(nt_writer_find("jsonl")->name, "jsonl");
	ck_assert_ptr_null(nt_writer_find("json"));
	ck_assert_ptr_null(nt_writer_find(""));
	ck_assert_str_eq(nt_entity_column_types[3], "event");
	ck_assert_str_eq(nt_entity_column_names[3], "events");
	ck_assert_ptr_null(nt_entity_column_types[4]);
	ck_assert_ptr_null(nt_entity_column_names[4]);
}
END_TEST

START_TEST(test_csv_articles)
{
	struct fixture f;

	sample(&f);
	check_run("csv", output(NT_RECORDS_ARTICLES), &f.a, 1,
		  ARTICLE_HEADER "\n"
		  "a1.txt,2021-05-03,Wire,,\"-Breaking, news\","
		  "\"Zoë Ruiz; Bo \"\"B\"\" Lee\",\"Acme, Inc.\",São Paulo,,"
		  "Travel; Politics,2021-05-03; today,http://example.org/a1," HASH "\n");
}
END_TEST

START_TEST(test_csv_mentions)
{
	struct fixture f;

	sample(&f);
	check_run("csv", output(NT_RECORDS_MENTIONS), &f.a, 1,
		  MENTION_HEADER "\n"
		  "a1.txt,entity,person,Q1,Zoë Ruiz,Zoë,,0,3,1" URL_HASH
		  "a1.txt,entity,organization,Q2,\"Acme, Inc.\",\"Acme, Inc.\",,8,18,1" URL_HASH
		  "a1.txt,entity,person,Q3,\"Bo \"\"B\"\" Lee\",Bo,,23,25,1" URL_HASH
		  "a1.txt,entity,location,Q4,São Paulo,São Paulo,,29,38,0" URL_HASH
		  "a1.txt,date,DATE,,,3 May 2021,2021-05-03,42,52,0" URL_HASH
		  "a1.txt,entity,person,Q1,Zoë Ruiz,Zoë,,54,57,0" URL_HASH
		  "a1.txt,date,DATE,,,today,,68,73,0" URL_HASH
		  "a1.txt,topic,travel,travel,Travel,São Paulo,0.812,29,38,0" URL_HASH
		  "a1.txt,entity,formula,,=1+1,=1+1,,63,67,0" URL_HASH
		  "a1.txt,date,DATE,,,3 May,2021-05-03,42,47,0" URL_HASH);
}
END_TEST

/* --records counts: one record per entity id, date value and topic, by
 * its first mention, with the number of mentions; a candidate that lost
 * an overlap is not counted, and a mention with no id (or value) is
 * known by its surface. */
START_TEST(test_csv_counts)
{
	struct fixture f;

	sample(&f);
	add_entity(&f, "person", "Q1", "Zoë Ruiz", "Zoë", 1);
	f.mentions[f.a.nmentions - 1].suppressed_by = "Q9";
	check_run("csv", output(NT_RECORDS_COUNTS), &f.a, 1,
		  "article,kind,type,id,label,text,value,count,start,end,in_lead,url,content_hash\n"
		  "a1.txt,entity,person,Q1,Zoë Ruiz,Zoë,,2,0,3,1" URL_HASH
		  "a1.txt,entity,organization,Q2,\"Acme, Inc.\",\"Acme, Inc.\",,1,8,18,1" URL_HASH
		  "a1.txt,entity,person,Q3,\"Bo \"\"B\"\" Lee\",Bo,,1,23,25,1" URL_HASH
		  "a1.txt,entity,location,Q4,São Paulo,São Paulo,,1,29,38,0" URL_HASH
		  "a1.txt,date,DATE,,,3 May 2021,2021-05-03,2,42,52,0" URL_HASH
		  "a1.txt,date,DATE,,,today,,1,68,73,0" URL_HASH
		  "a1.txt,topic,travel,travel,Travel,São Paulo,0.812,1,29,38,0" URL_HASH
		  "a1.txt,entity,formula,,=1+1,=1+1,,1,63,67,0" URL_HASH);
}
END_TEST

START_TEST(test_jsonl_counts)
{
	struct fixture f;

	fixture_init(&f, "a2", "Bo met Bo and bo.");
	add_entity(&f, "person", "Q3", NULL, "Bo", 0);
	add_entity(&f, "person", "Q3", NULL, "Bo", 1);
	add_entity(&f, "organization", "Q3", NULL, "bo", 0);   /* same id, other type */
	check_run("jsonl", output(NT_RECORDS_COUNTS), &f.a, 1,
		  "{\"article\":\"a2\",\"kind\":\"entity\",\"type\":\"person\",\"id\":\"Q3\","
		  "\"label\":null,\"text\":\"Bo\",\"value\":null,\"count\":2,\"start\":0,\"end\":2,"
		  "\"in_lead\":false,\"url\":null,\"content_hash\":null}\n"
		  "{\"article\":\"a2\",\"kind\":\"entity\",\"type\":\"organization\",\"id\":\"Q3\","
		  "\"label\":null,\"text\":\"bo\",\"value\":null,\"count\":1,\"start\":14,\"end\":16,"
		  "\"in_lead\":false,\"url\":null,\"content_hash\":null}\n");
}
END_TEST

START_TEST(test_csv_formula_guard)
{
	static const char *const starts[] = { "=", "+", "-", "@", "\t", NULL };
	const char *const *s;
	struct nt_output out = output(NT_RECORDS_MENTIONS);
	struct fixture f;
	char title[32], want[64];

	out.header = 0;
	out.formula_guard = 1;
	sample(&f);
	f.a.nmentions = 9;
	f.mentions[8].id = "@x";
	f.a.name = "+a1";
	/* Text cells are guarded; numbers (offsets, the score) never are. */
	check_run("csv", out, &f.a, 1,
		  "'+a1,entity,person,Q1,Zoë Ruiz,Zoë,,0,3,1" URL_HASH
		  "'+a1,entity,organization,Q2,\"Acme, Inc.\",\"Acme, Inc.\",,8,18,1" URL_HASH
		  "'+a1,entity,person,Q3,\"Bo \"\"B\"\" Lee\",Bo,,23,25,1" URL_HASH
		  "'+a1,entity,location,Q4,São Paulo,São Paulo,,29,38,0" URL_HASH
		  "'+a1,date,DATE,,,3 May 2021,2021-05-03,42,52,0" URL_HASH
		  "'+a1,entity,person,Q1,Zoë Ruiz,Zoë,,54,57,0" URL_HASH
		  "'+a1,date,DATE,,,today,,68,73,0" URL_HASH
		  "'+a1,topic,travel,travel,Travel,São Paulo,0.812,29,38,0" URL_HASH
		  "'+a1,entity,formula,'@x,'=1+1,'=1+1,,63,67,0" URL_HASH);

	out.records = NT_RECORDS_ARTICLES;
	fixture_init(&f, "a", "");
	for (s = starts; *s; s++) {
		snprintf(title, sizeof title, "%sSUM(A1)", *s);
		snprintf(want, sizeof want, "a,,,,'%sSUM(A1),,,,,,,,\n", *s);
		f.a.meta[NT_META_TITLE] = title;
		check_run("csv", out, &f.a, 0, want);
	}
	/* The guarded cell is then quoted as usual. */
	f.a.meta[NT_META_TITLE] = "\rx";
	check_run("csv", out, &f.a, 0, "a,,,,\"'\rx\",,,,,,,,\n");
	f.a.meta[NT_META_TITLE] = "=\"a\",b";
	check_run("csv", out, &f.a, 0, "a,,,,\"'=\"\"a\"\",b\",,,,,,,,\n");
	/* Only the first character counts. */
	f.a.meta[NT_META_TITLE] = "a=b -1";
	check_run("csv", out, &f.a, 0, "a,,,,a=b -1,,,,,,,,\n");
	/* Joined cells are text cells. */
	f.a.meta[NT_META_TITLE] = NULL;
	add_topic(&f, "t", "-t", 0.5);
	check_run("csv", out, &f.a, 0, "a,,,,,,,,,'-t,,,\n");
}
END_TEST

START_TEST(test_csv_quoting)
{
	static const struct {
		const char *cell, *want;
	} cases[] = {
		{ "plain", "plain" },
		{ " spaced ", " spaced " },
		{ "a,b", "\"a,b\"" },
		{ "say \"hi\"", "\"say \"\"hi\"\"\"" },
		{ "\"", "\"\"\"\"" },
		{ "line\nbreak", "\"line\nbreak\"" },
		{ "cr\rhere", "\"cr\rhere\"" },
		{ "tab\there", "tab\there" },
		{ "'quoted'", "'quoted'" },
		{ "", "" },
	};
	struct nt_output out = output(NT_RECORDS_ARTICLES);
	struct fixture f;
	char want[64];
	size_t i;

	out.header = 0;
	fixture_init(&f, "a", "");
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		f.a.meta[NT_META_AUTHOR] = (char *)cases[i].cell;
		snprintf(want, sizeof want, "a,,,%s,,,,,,,,,\n", cases[i].want);
		check_run("csv", out, &f.a, 0, want);
	}
}
END_TEST

START_TEST(test_csv_options)
{
	struct nt_output out = output(NT_RECORDS_MENTIONS);
	struct fixture f;

	fixture_init(&f, "a", "x y");
	add_entity(&f, "person", "Q", "X", "x", 0);
	out.crlf = 1;
	check_run("csv", out, &f.a, 1, MENTION_HEADER "\r\na,entity,person,Q,X,x,,0,1,0,,\r\n");
	out.excel = 1;
	check_run("csv", out, &f.a, 1,
		  "\xEF\xBB\xBF" MENTION_HEADER "\r\na,entity,person,Q,X,x,,0,1,0,,\r\n");
	out.header = 0;
	check_run("csv", out, NULL, 1, "\xEF\xBB\xBF");
	out.excel = 0;
	check_run("csv", out, NULL, 1, "");
	/* The BOM comes once, from begin(), not with each article. */
	out.excel = 1;
	check_run("csv", out, &f.a, 0, "a,entity,person,Q,X,x,,0,1,0,,\r\n");
}
END_TEST

/* --append: the stream continues a file that has its BOM and header, so
 * begin() writes neither, in any format. */
START_TEST(test_append)
{
	struct nt_output out = output(NT_RECORDS_MENTIONS);
	struct fixture f;

	fixture_init(&f, "a", "x y");
	add_entity(&f, "person", "Q", "X", "x", 0);
	out.excel = out.append = 1;
	check_run("csv", out, &f.a, 1, "a,entity,person,Q,X,x,,0,1,0,,\n");
	check_run("tsv", out, &f.a, 1, "a\tentity\tperson\tQ\tX\tx\t\t0\t1\t0\t\t\n");
	check_run("jsonl", out, NULL, 1, "");
}
END_TEST

START_TEST(test_tsv)
{
	struct nt_output out = output(NT_RECORDS_ARTICLES);
	struct fixture f;

	sample(&f);
	check_run("tsv", out, &f.a, 1,
		  "article\tdate\tsource\tauthor\ttitle\tpeople\torganizations\t"
		  "locations\tevents\ttopics\tdates\turl\tcontent_hash\n"
		  "a1.txt\t2021-05-03\tWire\t\t-Breaking, news\tZoë Ruiz; Bo \"B\" Lee\t"
		  "Acme, Inc.\tSão Paulo\t\tTravel; Politics\t2021-05-03; today\t"
		  "http://example.org/a1\t" HASH "\n");

	/* Escapes instead of quotes; no guard, BOM or CRLF even if asked. */
	out.formula_guard = out.excel = out.crlf = 1;
	out.records = NT_RECORDS_MENTIONS;
	fixture_init(&f, "=a\\b", "tab\there\nline\rcr \\ \"q\", x");
	add_entity(&f, "t", "=1", "a\tb", "tab\there\nline\rcr \\ \"q\"", 0);
	check_run("tsv", out, &f.a, 1,
		  "article\tkind\ttype\tid\tlabel\ttext\tvalue\tstart\tend\tin_lead\turl\tcontent_hash\n"
		  "=a\\\\b\tentity\tt\t=1\ta\\tb\ttab\\there\\nline\\rcr \\\\ \"q\"\t\t0\t22\t0\t\t\n");
}
END_TEST

START_TEST(test_dedupe)
{
	static const char *const labels[] = { "e", "d", "c", "b", "a", "dd" };
	struct nt_output out = output(NT_RECORDS_ARTICLES);
	struct fixture f;
	size_t i;

	out.header = 0;
	fixture_init(&f, "a", "x");
	/* Many mentions, few names: each once, in first-seen order. */
	for (i = 0; i < MAX_MENTIONS; i++)
		add_entity(&f, "event", NULL, labels[i % 6], "x", 0);
	f.mentions[10].label = "";
	/* Same label, other type or kind: counted in its own column only. */
	f.mentions[3].type = "location";
	f.mentions[4].kind = NT_KIND_DATE;
	f.mentions[4].value = "e";
	f.mentions[5].type = NULL;
	/* An unlabelled entity is named by its surface. */
	f.mentions[6].label = NULL;
	check_run("csv", out, &f.a, 0, "a,,,,,,,b,e; d; c; x; b; ; dd; a,,e,,\n");
}
END_TEST

START_TEST(test_empty_article)
{
	struct nt_output out = output(NT_RECORDS_MENTIONS);
	struct fixture f;

	fixture_init(&f, "-:3", "");
	out.header = 0;
	check_run("csv", out, &f.a, 1, "");
	check_run("tsv", out, &f.a, 1, "");
	check_run("jsonl", out, &f.a, 1, "");
	out.records = NT_RECORDS_ARTICLES;
	check_run("csv", out, &f.a, 1, "-:3,,,,,,,,,,,,\n");
	check_run("jsonl", out, &f.a, 1,
		  "{\"article\":\"-:3\",\"date\":null,\"source\":null,\"author\":null,"
		  "\"title\":null,\"url\":null,\"content_hash\":null,\"entities\":[],\"dates\":[],\"topics\":[],"
		  "\"warnings\":[]}\n");
}
END_TEST

START_TEST(test_jsonl_articles)
{
	struct nt_output out = output(NT_RECORDS_ARTICLES);
	struct fixture f;

	sample(&f);
	add_evidence(&f, 0, "Paulo");
	check_run("jsonl", out, &f.a, 1,
		  "{\"article\":\"a1.txt\",\"date\":\"2021-05-03\",\"source\":\"Wire\","
		  "\"author\":null,\"title\":\"-Breaking, news\","
		  "\"url\":\"http://example.org/a1\",\"content_hash\":\"" HASH "\",\"entities\":["
		  "{\"type\":\"person\",\"id\":\"Q1\",\"label\":\"Zoë Ruiz\",\"text\":\"Zoë\","
		  "\"start\":0,\"end\":3,\"in_lead\":true,\"rule\":\"entities.yaml:7\",\"via\":\"alias\"},"
		  "{\"type\":\"organization\",\"id\":\"Q2\",\"label\":\"Acme, Inc.\","
		  "\"text\":\"Acme, Inc.\",\"start\":8,\"end\":18,\"in_lead\":true,\"rule\":\"entities.yaml:7\",\"via\":\"alias\"},"
		  "{\"type\":\"person\",\"id\":\"Q3\",\"label\":\"Bo \\\"B\\\" Lee\",\"text\":\"Bo\","
		  "\"start\":23,\"end\":25,\"in_lead\":true,\"rule\":\"entities.yaml:7\",\"via\":\"alias\"},"
		  "{\"type\":\"location\",\"id\":\"Q4\",\"label\":\"São Paulo\","
		  "\"text\":\"São Paulo\",\"start\":29,\"end\":38,\"in_lead\":false,\"rule\":\"entities.yaml:7\",\"via\":\"alias\"},"
		  "{\"type\":\"person\",\"id\":\"Q1\",\"label\":\"Zoë Ruiz\",\"text\":\"Zoë\","
		  "\"start\":54,\"end\":57,\"in_lead\":false,\"rule\":\"entities.yaml:7\","
		  "\"via\":\"link\",\"linked_to\":{\"start\":0,\"end\":3}},"
		  "{\"type\":\"formula\",\"id\":null,\"label\":\"=1+1\",\"text\":\"=1+1\","
		  "\"start\":63,\"end\":67,\"in_lead\":false,\"rule\":\"entities.yaml:7\","
		  "\"via\":\"alias\"}],"
		  "\"dates\":["
		  "{\"text\":\"3 May 2021\",\"type\":\"DATE\",\"value\":\"2021-05-03\","
		  "\"start\":42,\"end\":52,\"in_lead\":false,\"rule\":\"dates.yaml:2\"},"
		  "{\"text\":\"today\",\"type\":\"DATE\",\"value\":null,\"start\":68,\"end\":73,\"in_lead\":false,"
		  "\"rule\":\"dates.yaml:2\"},"
		  "{\"text\":\"3 May\",\"type\":\"DATE\",\"value\":\"2021-05-03\","
		  "\"start\":42,\"end\":47,\"in_lead\":false,\"year_inferred\":true,"
		  "\"rule\":\"dates.yaml:2\"}],"
		  "\"topics\":["
		  "{\"id\":\"travel\",\"label\":\"Travel\",\"score\":0.812,\"evidence\":["
		  "{\"text\":\"São Paulo\",\"start\":29,\"end\":38,\"in_lead\":false,\"rule\":\"topics.yaml:4\"},"
		  "{\"text\":\"Paulo\",\"start\":33,\"end\":38,\"in_lead\":false,\"rule\":\"topics.yaml:4\"}]},"
		  "{\"id\":\"politics\",\"label\":\"Politics\",\"score\":0.500,\"evidence\":[]}],"
		  "\"warnings\":[\"1:5: odd \\\"quote\\\"\"]}\n");
}
END_TEST

START_TEST(test_jsonl_mentions)
{
	struct nt_output out = output(NT_RECORDS_MENTIONS);
	struct fixture f;

	fixture_init(&f, "in\"1", "Bo left\non 3 May.");
	add_topic(&f, "t", NULL, 1.0);
	add_entity(&f, "person", "Q3", NULL, "Bo", 0);
	add_date(&f, "XXXX-05-03", "3 May");
	add_evidence(&f, 0, "left\non");
	check_run("jsonl", out, &f.a, 1,
		  "{\"article\":\"in\\\"1\",\"kind\":\"entity\",\"type\":\"person\",\"id\":\"Q3\","
		  "\"label\":null,\"text\":\"Bo\",\"value\":null,\"start\":0,\"end\":2,\"in_lead\":false,"
		  "\"url\":null,\"content_hash\":null}\n"
		  "{\"article\":\"in\\\"1\",\"kind\":\"date\",\"type\":\"DATE\",\"id\":null,"
		  "\"label\":null,\"text\":\"3 May\",\"value\":\"XXXX-05-03\",\"start\":11,\"end\":16,\"in_lead\":false,"
		  "\"url\":null,\"content_hash\":null}\n"
		  "{\"article\":\"in\\\"1\",\"kind\":\"topic\",\"type\":\"t\",\"id\":\"t\","
		  "\"label\":null,\"text\":\"left\\non\",\"value\":1.000,\"start\":3,\"end\":10,\"in_lead\":false,"
		  "\"url\":null,\"content_hash\":null}\n");
}
END_TEST

/* --context: the text around each mention within its line, no word cut
 * in two, no blank at either end; a column (CSV) or a key (JSONL). */
START_TEST(test_mentions_context)
{
	struct nt_output out = output(NT_RECORDS_MENTIONS);
	struct fixture f;

	fixture_init(&f, "a", "Zoë met Bo Lee in São Paulo\ntoday, said Acme.");
	add_entity(&f, "person", "Q3", NULL, "Bo Lee", 0);
	add_entity(&f, "location", "Q4", NULL, "São Paulo", 0);
	add_date(&f, "2021-05-03", "today");
	out.context = 6;
	check_run("csv", out, &f.a, 1,
		  MENTION_HEADER ",context\n"
		  "a,entity,person,Q3,,Bo Lee,,8,14,0,,,met Bo Lee in\n"
		  "a,entity,location,Q4,,São Paulo,,18,27,0,,,in São Paulo\n"
		  "a,date,DATE,,,today,2021-05-03,28,33,0,,,\"today, said\"\n");
	check_run("jsonl", out, &f.a, 1,
		  "{\"article\":\"a\",\"kind\":\"entity\",\"type\":\"person\",\"id\":\"Q3\","
		  "\"label\":null,\"text\":\"Bo Lee\",\"value\":null,\"start\":8,\"end\":14,\"in_lead\":false,"
		  "\"url\":null,\"content_hash\":null,\"context\":\"met Bo Lee in\"}\n"
		  "{\"article\":\"a\",\"kind\":\"entity\",\"type\":\"location\",\"id\":\"Q4\","
		  "\"label\":null,\"text\":\"São Paulo\",\"value\":null,\"start\":18,\"end\":27,\"in_lead\":false,"
		  "\"url\":null,\"content_hash\":null,\"context\":\"in São Paulo\"}\n"
		  "{\"article\":\"a\",\"kind\":\"date\",\"type\":\"DATE\",\"id\":null,"
		  "\"label\":null,\"text\":\"today\",\"value\":\"2021-05-03\",\"start\":28,\"end\":33,\"in_lead\":false,"
		  "\"url\":null,\"content_hash\":null,\"context\":\"today, said\"}\n");
}
END_TEST

static void
check_score(double score, const char *want)
{
	char buf[NT_OUT_SCORE_SIZE];

	nt_out_score(score, buf);
	ck_assert_str_eq(buf, want);
}

START_TEST(test_score)
{
	static const char *const locales[] = {
		"de_DE.UTF-8", "fr_FR.UTF-8", "ru_RU.UTF-8", "ar_SA.UTF-8", NULL
	};
	const char *const *l;

	check_score(0.0, "0.000");
	check_score(1.0, "1.000");
	check_score(0.8125, "0.812");      /* as printf rounds: half to even */
	check_score(0.0005, "0.001");      /* 0.0005 is slightly more in binary */
	check_score(0.99951, "1.000");
	check_score(1.0 / 3.0, "0.333");
	check_score(-0.25, "0.000");
	check_score(7.5, "1.000");
	check_score(NAN, "0.000");
	check_score(INFINITY, "1.000");
	/* A decimal comma in the locale does not leak into the output. */
	for (l = locales; *l; l++) {
		if (!setlocale(LC_NUMERIC, *l))
			continue;
		check_score(0.25, "0.250");
	}
	setlocale(LC_NUMERIC, "C");
}
END_TEST

START_TEST(test_uint)
{
	static const uint32_t v[] = { 0, 7, 10, 99, 100, 65535, 4294967295u };
	char buf[NT_OUT_UINT_SIZE], want[16];
	size_t i, n;

	for (i = 0; i < sizeof v / sizeof *v; i++) {
		n = nt_out_uint(v[i], buf);
		snprintf(want, sizeof want, "%" PRIu32, v[i]);
		ck_assert_uint_eq(n, strlen(want));
		ck_assert_mem_eq(buf, want, n);
	}
}
END_TEST

START_TEST(test_write_errors)
{
	static const char *const formats[] = { "csv", "tsv", "jsonl", NULL };
	const char *const *w;
	struct nt_output out = output(NT_RECORDS_ARTICLES);
	struct fixture f;

	sample(&f);
	out.fp = fopen("/dev/full", "w");
	if (!out.fp)
		return;
	for (w = formats; *w; w++) {
		errno = 0;
		ck_assert_int_eq(nt_writer_find(*w)->article(&out, &f.a), -1);
		ck_assert_int_eq(errno, ENOSPC);
		clearerr(out.fp);
	}
	errno = 0;
	ck_assert_int_eq(nt_writer_csv.begin(&out), -1);
	ck_assert_int_eq(errno, ENOSPC);
	fclose(out.fp);
}
END_TEST

static Suite *
writer_suite(void)
{
	Suite *s = suite_create("writer");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_find);
	tcase_add_test(tc, test_csv_articles);
	tcase_add_test(tc, test_csv_mentions);
	tcase_add_test(tc, test_csv_counts);
	tcase_add_test(tc, test_jsonl_counts);
	tcase_add_test(tc, test_csv_formula_guard);
	tcase_add_test(tc, test_csv_quoting);
	tcase_add_test(tc, test_csv_options);
	tcase_add_test(tc, test_append);
	tcase_add_test(tc, test_tsv);
	tcase_add_test(tc, test_dedupe);
	tcase_add_test(tc, test_empty_article);
	tcase_add_test(tc, test_jsonl_articles);
	tcase_add_test(tc, test_jsonl_mentions);
	tcase_add_test(tc, test_mentions_context);
	tcase_add_test(tc, test_score);
	tcase_add_test(tc, test_uint);
	tcase_add_test(tc, test_write_errors);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(writer_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed != 0;
}
