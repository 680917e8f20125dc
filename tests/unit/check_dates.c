/* check_dates.c - unit tests for the calendar (timex.c) and the dates stage
 * resolver, run through the stage with the shipped English rules. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "dates.h"
#include "normalize.h"
#include "rules.h"
#include "stage.h"
#include "timex.h"

static struct nt_rules rules;
static void *norm_ctx, *dates_ctx;

static struct nt_ymd
ymd(int y, int m, int d)
{
	struct nt_ymd t = { y, m, d };

	return t;
}

START_TEST(test_leap_years)
{
	ck_assert(nt_leap_year(2024));
	ck_assert(!nt_leap_year(2023));
	ck_assert(!nt_leap_year(1900));
	ck_assert(nt_leap_year(2000));
	ck_assert_int_eq(nt_days_in_month(2024, 2), 29);
	ck_assert_int_eq(nt_days_in_month(2023, 2), 28);
	ck_assert_int_eq(nt_days_in_month(2023, 4), 30);
	ck_assert_int_eq(nt_days_in_month(2023, 12), 31);
}
END_TEST

START_TEST(test_day_numbers_round_trip)
{
	long d;

	ck_assert_int_eq(nt_ymd_to_days(ymd(1, 1, 1)), 0);
	for (d = 0; d < 3700000; d += 97) {
		struct nt_ymd t = nt_days_to_ymd(d);

		ck_assert_int_eq(nt_ymd_to_days(t), d);
		ck_assert(t.m >= 1 && t.m <= 12 && t.d >= 1 && t.d <= nt_days_in_month(t.y, t.m));
	}
}
END_TEST

START_TEST(test_weekdays)
{
	ck_assert_int_eq(nt_weekday(ymd(2024, 9, 25)), 3);   /* a Wednesday */
	ck_assert_int_eq(nt_weekday(ymd(2000, 1, 1)), 6);    /* a Saturday */
	ck_assert_int_eq(nt_weekday(ymd(2026, 11, 23)), 1);  /* a Monday */
}
END_TEST

START_TEST(test_iso_weeks_across_years)
{
	int y, w;

	nt_iso_week(ymd(2024, 12, 30), &y, &w);   /* Monday of week 1 of 2025 */
	ck_assert_int_eq(y, 2025);
	ck_assert_int_eq(w, 1);
	nt_iso_week(ymd(2021, 1, 3), &y, &w);     /* Sunday of week 53 of 2020 */
	ck_assert_int_eq(y, 2020);
	ck_assert_int_eq(w, 53);
	nt_iso_week(ymd(2024, 9, 25), &y, &w);
	ck_assert_int_eq(y, 2024);
	ck_assert_int_eq(w, 39);
}
END_TEST

START_TEST(test_month_arithmetic_clamps)
{
	struct nt_ymd t = nt_add_months(ymd(2024, 1, 31), 1);

	ck_assert(t.y == 2024 && t.m == 2 && t.d == 29);
	t = nt_add_months(ymd(2023, 1, 31), 1);
	ck_assert(t.y == 2023 && t.m == 2 && t.d == 28);
	t = nt_add_months(ymd(2024, 12, 15), 1);
	ck_assert(t.y == 2025 && t.m == 1 && t.d == 15);
	t = nt_add_months(ymd(2024, 1, 15), -1);
	ck_assert(t.y == 2023 && t.m == 12 && t.d == 15);
	t = nt_add_days(ymd(2024, 12, 31), 1);
	ck_assert(t.y == 2025 && t.m == 1 && t.d == 1);
	t = nt_add_days(ymd(2024, 3, 1), -1);
	ck_assert(t.y == 2024 && t.m == 2 && t.d == 29);
}
END_TEST

START_TEST(test_weekday_near)
{
	struct nt_ymd wed = ymd(2024, 9, 25), t;

	t = nt_weekday_near(wed, 1, -1);   /* last Monday */
	ck_assert(t.m == 9 && t.d == 23);
	t = nt_weekday_near(wed, 5, 1);    /* next Friday */
	ck_assert(t.m == 9 && t.d == 27);
	t = nt_weekday_near(wed, 3, -1);   /* last Wednesday: a week back */
	ck_assert(t.m == 9 && t.d == 18);
	t = nt_weekday_near(wed, 3, 1);
	ck_assert(t.m == 10 && t.d == 2);
	t = nt_weekday_near(ymd(2024, 12, 31), 5, 1);   /* across the year */
	ck_assert(t.y == 2025 && t.m == 1 && t.d == 3);
}
END_TEST

START_TEST(test_parse)
{
	struct nt_ymd t;

	ck_assert_int_eq(nt_ymd_parse("2024-02-29", &t), 0);
	ck_assert_int_eq(nt_ymd_parse("2023-02-29", &t), -1);
	ck_assert_int_eq(nt_ymd_parse("2024-13-01", &t), -1);
}
END_TEST

/* The "text=value" list of the dates found in TEXT with article date REF
 * (NULL: none), e.g. "11 January=2024-01-11;". */
static char *
dates_of(const char *text, const char *ref)
{
	static char out[4096];
	struct nt_article *a = nt_article_new();
	struct nt_err err = { "" };
	size_t i, n = 0;

	nt_article_append_raw(a, text, strlen(text));
	if (ref)
		nt_article_set_date(a, ref, strlen(ref), 1);
	ck_assert_int_eq(nt_stage_normalize.run(norm_ctx, a, &err), 0);
	ck_assert_int_eq(nt_stage_dates.run(dates_ctx, a, &err), 0);
	out[0] = '\0';
	for (i = 0; i < a->nmentions; i++) {
		const struct nt_mention *m = &a->mentions[i];

		n += (size_t)snprintf(out + n, sizeof out - n, "%.*s=%s;",
				      (int)(a->cp_at[m->end] - a->cp_at[m->start]),
				      a->text + a->cp_at[m->start], m->value);
	}
	nt_article_free(a);
	return out;
}

START_TEST(test_partial_dates_take_the_article_year)
{
	ck_assert_str_eq(dates_of("They met on 11 January.", "2024-01-20"), "11 January=2024-01-11;");
	/* past tense, date after the article date: last year */
	ck_assert_str_eq(dates_of("They met on 11 December.", "2024-01-20"),
			 "11 December=2023-12-11;");
	/* future tense, date before the article date: next year */
	ck_assert_str_eq(dates_of("The summit will open on 11 January.", "2024-12-20"),
			 "11 January=2025-01-11;");
	/* a passive participle is no past cue: "held" and "signed" here are
	 * not, "will" is */
	ck_assert_str_eq(dates_of("The talks will be held on 11 January.", "2024-07-20"),
			 "11 January=2025-01-11;");
	ck_assert_str_eq(dates_of("It will be signed on 11 January.", "2024-07-20"),
			 "11 January=2025-01-11;");
	ck_assert_str_eq(dates_of("It was signed on 11 January.", "2024-07-20"),
			 "11 January=2024-01-11;");
}
END_TEST

START_TEST(test_no_article_date_keeps_x)
{
	ck_assert_str_eq(dates_of("They met on 11 January.", NULL), "11 January=XXXX-01-11;");
	ck_assert_str_eq(dates_of("He left on Monday.", NULL), "Monday=XXXX-WXX-1;");
	ck_assert_str_eq(dates_of("It opened in 2026.", NULL), "2026=2026;");
	/* a relative date keeps its granularity, every digit unknown */
	ck_assert_str_eq(dates_of("He left last week; she comes next month.", NULL),
			 "last week=XXXX-WXX;next month=XXXX-XX;");
	ck_assert_str_eq(dates_of("It rained two days ago. Last year was hot.", NULL),
			 "two days ago=XXXX-XX-XX;Last year=XXXX;");
	ck_assert_str_eq(dates_of("This quarter is weak; last weekend was fine.", NULL),
			 "This quarter=XXXX-QX;last weekend=XXXX-WXX-WE;");
}
END_TEST

START_TEST(test_relative_dates)
{
	ck_assert_str_eq(dates_of("Today the talks ended.", "2024-09-26"), "Today=2024-09-26;");
	ck_assert_str_eq(dates_of("It ended yesterday.", "2024-01-01"), "yesterday=2023-12-31;");
	ck_assert_str_eq(dates_of("Prices rose this year.", "2024-09-26"), "this year=2024;");
	ck_assert_str_eq(dates_of("It fell last month.", "2024-01-15"), "last month=2023-12;");
	ck_assert_str_eq(dates_of("It ended two days ago.", "2024-03-01"), "two days ago=2024-02-28;");
	ck_assert_str_eq(dates_of("He left last Tuesday.", "2024-09-25"), "last Tuesday=2024-09-24;");
	ck_assert_str_eq(dates_of("He will come next Friday.", "2024-09-25"),
			 "next Friday=2024-09-27;");
	/* the tense of the date's own clause, not of a closer cue past a comma */
	ck_assert_str_eq(dates_of("Macron, who arrived Monday, will fly on.", "2024-03-12"),
			 "Monday=2024-03-11;");
	ck_assert_str_eq(dates_of("Macron, who will arrive Monday, said so.", "2024-03-12"),
			 "Monday=2024-03-18;");
	/* a cue in another clause still counts when it is the only one */
	ck_assert_str_eq(dates_of("On Monday, the minister said so.", "2024-03-12"),
			 "Monday=2024-03-11;");
	/* in the future tense "in" counts forward; in the past it is a span */
	ck_assert_str_eq(dates_of("It is due in three weeks.", "2024-06-03"), "three weeks=2024-W26;");
	ck_assert_str_eq(dates_of("It will return in 2 days.", "2024-06-03"), "2 days=2024-06-05;");
	ck_assert_str_eq(dates_of("It was built in three weeks.", "2024-06-03"), "three weeks=P3W;");
	/* "is in N weeks" says when, whatever the tense of the rest */
	ck_assert_str_eq(dates_of("The vote is in three weeks.", "2024-06-12"),
			 "three weeks=2024-W27;");
	ck_assert_str_eq(dates_of("Elections are in 18 months.", "2024-06-12"), "18 months=2025-12;");
	ck_assert_str_eq(dates_of("The plant is in its third year.", "2024-06-12"), "");
	ck_assert_str_eq(dates_of("Talks will resume in two hours.", "2024-06-03"), "two hours=PT2H;");
}
END_TEST

/* A range gives its two ends, each a whole date spanning its own words:
 * the end that lacks a month or year takes the other's, and the end
 * comes after the start. */
START_TEST(test_ranges)
{
	ck_assert_str_eq(dates_of("It runs from 11 to 13 November 2024.", NULL),
			 "11=2024-11-11;13 November 2024=2024-11-13;");
	ck_assert_str_eq(dates_of("They meet May 1-2.", "2024-02-01"), "May 1=2024-05-01;2=2024-05-02;");
	ck_assert_str_eq(dates_of("It ran Sept. 25-27, 2023.", NULL),
			 "Sept. 25=2023-09-25;27, 2023=2023-09-27;");
	ck_assert_str_eq(dates_of("The 2023-2024 season.", NULL), "2023=2023;2024=2024;");
	ck_assert_str_eq(dates_of("The 2023-24 season and fiscal 1999/2000.", NULL),
			 "2023=2023;24=2024;1999=1999;2000=2000;");
	ck_assert_str_eq(dates_of("The fiscal 1990/91 budget.", NULL), "1990=1990;91=1991;");
	/* two digits that are no next year: no range */
	ck_assert_str_eq(dates_of("In 2024-05 and 1990-95.", NULL), "");
	ck_assert_str_eq(dates_of("It will run between May and July 2025.", NULL),
			 "May=2025-05;July 2025=2025-07;");
	ck_assert_str_eq(dates_of("The plan runs from 2025 to 2030.", NULL), "2025=2025;2030=2030;");
	ck_assert_str_eq(dates_of("Between 2010 and 2015 it fell 3 percent.", NULL),
			 "2010=2010;2015=2015;");
	ck_assert_str_eq(dates_of("It is held from March 3 to April 5.", "2025-01-10"),
			 "March 3=2025-03-03;April 5=2025-04-05;");
	ck_assert_str_eq(dates_of("It ran between 28 December and 3 January.", "2025-03-14"),
			 "28 December=2024-12-28;3 January=2025-01-03;");
	/* the end takes the start's year, or the next; a start without a year
	 * takes the end's, or the one before */
	ck_assert_str_eq(dates_of("Talks ran from November to February.", "2025-03-14"),
			 "November=2024-11;February=2025-02;");
	ck_assert_str_eq(dates_of("Talks will run from November to February.", "2025-03-14"),
			 "November=2025-11;February=2026-02;");
	ck_assert_str_eq(dates_of("Prices rose between May and July.", "2025-03-14"),
			 "May=2025-05;July=2025-07;");
	ck_assert_str_eq(dates_of("From Dec. 20 to Jan. 5, 2025 it snowed.", NULL),
			 "Dec. 20=2024-12-20;Jan. 5, 2025=2025-01-05;");
	/* weekdays: the end is the first such day from the start */
	ck_assert_str_eq(dates_of("The strike lasted from Monday to Wednesday.", "2024-06-05"),
			 "Monday=2024-06-03;Wednesday=2024-06-05;");
	ck_assert_str_eq(dates_of("Talks will run from Tuesday to Thursday.", "2024-06-05"),
			 "Tuesday=2024-06-11;Thursday=2024-06-13;");
	ck_assert_str_eq(dates_of("It runs from Friday to Sunday.", NULL),
			 "Friday=XXXX-WXX-5;Sunday=XXXX-WXX-7;");
	/* a count after the second number: no range */
	ck_assert_str_eq(dates_of("On May 1 and 2 million more.", "2024-02-01"), "May 1=2024-05-01;");
	ck_assert_str_eq(dates_of("It went from 1990 to 1995 percent.", NULL), "1990=1990;");
}
END_TEST

START_TEST(test_absolute_forms)
{
	/* a match ends at its last character, not at the line break after it */
	ck_assert_str_eq(dates_of("Published: 11:20\n\nBody.", NULL), "11:20=XXXX-XX-XXT11:20;");
	ck_assert_str_eq(dates_of("On September 25, 2024, they met.", NULL),
			 "September 25, 2024=2024-09-25;");
	ck_assert_str_eq(dates_of("Signed 25.09.2024 in Baku.", NULL), "25.09.2024=2024-09-25;");
	ck_assert_str_eq(dates_of("Signed 9/25/2024 in Baku.", NULL), "9/25/2024=2024-09-25;");
	/* ambiguous: with dots day first, with slashes month first (en.yaml) */
	ck_assert_str_eq(dates_of("Signed 03.04.2024 in Baku.", NULL), "03.04.2024=2024-04-03;");
	ck_assert_str_eq(dates_of("Signed 03/04/2024 in Baku.", NULL), "03/04/2024=2024-03-04;");
	ck_assert_str_eq(dates_of("Born in the 1990s.", NULL), "the 1990s=199;");
	ck_assert_str_eq(dates_of("Due in Q3 2024.", NULL), "Q3 2024=2024-Q3;");
	/* a quarter without a year after a word like "in", not after a name */
	ck_assert_str_eq(dates_of("Profit rose in Q3; the Audi Q3 sold well.", "2024-11-05"),
			 "Q3=2024-Q3;");
	ck_assert_str_eq(dates_of("Its Q2 profit fell.", NULL), "Q2=XXXX-Q2;");
	ck_assert_str_eq(dates_of("for almost 30 years", NULL), "almost 30 years=P30Y;");
	/* a 24-hour time on a day is one TIME */
	ck_assert_str_eq(dates_of("It will run until 06:00 on Monday.", "2024-11-24"),
			 "06:00 on Monday=2024-11-25T06:00;");
	/* a fraction after the amount or after the unit */
	ck_assert_str_eq(dates_of("It lasted three and a half hours, then two years and a half.", NULL),
			 "three and a half hours=PT3H30M;two years and a half=P2Y6M;");
	/* ISO 8601 with a time, with or without a zone: one TIME */
	ck_assert_str_eq(dates_of("Sent 2024-12-03T14:20:00+04:00 and 2024-12-03T09:05Z.", NULL),
			 "2024-12-03T14:20:00+04:00=2024-12-03T14:20;2024-12-03T09:05Z=2024-12-03T09:05;");
	/* a weekday before a day and month: one date */
	ck_assert_str_eq(dates_of("Held on Tue 5 Nov 2024 and Tuesday, 5 November 2024.", NULL),
			 "Tue 5 Nov 2024=2024-11-05;Tuesday, 5 November 2024=2024-11-05;");
}
END_TEST

START_TEST(test_non_dates)
{
	ck_assert_str_eq(dates_of("The 13th meeting of the 79th session, the 29th session.", NULL), "");
	ck_assert_str_eq(dates_of("Font 16 px, COVID-19 and COP29 in Baku.", NULL), "");
	ck_assert_str_eq(dates_of("February 30, 2024 is no date.", NULL), "");
	/* digits with no month in them: no date, and no year taken from them */
	ck_assert_str_eq(dates_of("On 35.13.2024, 13/13/2024 or 0/5/2024; version 2.0.2024.", NULL),
			 "");
}
END_TEST

START_TEST(test_year_of_partial_dates_is_the_closest)
{
	/* "said" and -ed words no longer push a near date into last year */
	ck_assert_str_eq(dates_of("He said talks resumed and would end Jan. 14.", "2000-01-06"),
			 "Jan. 14=2000-01-14;");
	ck_assert_str_eq(dates_of("The payment is due in February.", "1989-10-30"),
			 "February=1990-02;");
	ck_assert_str_eq(dates_of("The company said it acquired the unit in February.", "1989-10-30"),
			 "February=1989-02;");
	ck_assert_str_eq(dates_of("It was founded in late November.", "2000-01-06"),
			 "late November=1999-11;");
	/* the past tense moves a date more than three months ahead back a year */
	ck_assert_str_eq(dates_of("They met on 11 May.", "2024-01-20"), "11 May=2023-05-11;");
	/* explicit last/next still win */
	ck_assert_str_eq(dates_of("It opened last December.", "2024-12-20"), "last December=2023-12;");
	/* a semicolon ends the clause whose tense counts */
	ck_assert_str_eq(dates_of("Cases fell; the talks resume on 11 November.", "2024-06-05"),
			 "11 November=2024-11-11;");
	/* "since" looks back, however close the next one is */
	ck_assert_str_eq(dates_of("The lira has lost 15 percent since January.", "2025-11-05"),
			 "January=2025-01;");
	ck_assert_str_eq(dates_of("It opens in January.", "2025-11-05"), "January=2026-01;");
	ck_assert_str_eq(dates_of("Prices have risen since December 2 and since 3 December.",
				  "2025-11-05"),
			 "December 2=2024-12-02;3 December=2024-12-03;");
	ck_assert_str_eq(dates_of("He has been missing since Friday.", "2025-11-05"),
			 "Friday=2025-10-31;");
}
END_TEST

START_TEST(test_weekday_future_cues)
{
	ck_assert_str_eq(dates_of("The deal is scheduled to close Monday.", "1989-11-02"),
			 "Monday=1989-11-06;");
	ck_assert_str_eq(dates_of("They could come as soon as Tuesday.", "2000-04-03"),
			 "Tuesday=2000-04-04;");
	ck_assert_str_eq(dates_of("He arrived Tuesday.", "2000-04-03"), "Tuesday=2000-03-28;");
}
END_TEST

START_TEST(test_quarters_and_anaphors)
{
	ck_assert_str_eq(dates_of("Third-quarter profit rose.", "1989-11-02"),
			 "Third-quarter=1989-Q3;");
	ck_assert_str_eq(dates_of("Profit fell in the fourth quarter.", "1990-01-15"),
			 "the fourth quarter=1989-Q4;");
	ck_assert_str_eq(dates_of("It earned $5 in the third quarter. Sales in the quarter rose.",
				  "1989-11-02"), "the third quarter=1989-Q3;the quarter=1989-Q3;");
	ck_assert_str_eq(dates_of("Sales in the latest quarter rose.", "1989-11-02"),
			 "the latest quarter=1989-Q3;");
	/* with a part: the end of the year (mod END) */
	ck_assert_str_eq(dates_of("Sales rose in the quarter. By the end of the quarter they fell.",
				  "1989-11-02"), "the quarter=1989-Q3;the end of the quarter=1989-Q3;");
	ck_assert_str_eq(dates_of("Prices rose since the start of the year.", "1989-11-02"),
			 "the start of the year=1989;");
	/* a quarter or half of a relative year */
	ck_assert_str_eq(dates_of("Sales fell in the third quarter of last year.", "1989-11-02"),
			 "the third quarter of last year=1988-Q3;");
	ck_assert_str_eq(dates_of("Cuts come in the first half of next year.", "1989-11-02"),
			 "the first half of next year=1990-H1;");
	/* a season without a year: after a part or "in", the article's year;
	 * not "the fall in prices", not "in the spring of the regime" */
	ck_assert_str_eq(dates_of("Talks in late spring failed; in the summer they resumed.",
				  "2025-11-19"), "late spring=2025-SP;summer=2025-SU;");
	ck_assert_str_eq(dates_of("The fall in prices went on in the spring of the year.",
				  "2025-11-19"), "the year=2025;");
	ck_assert_str_eq(dates_of("Profit rose in FY2024 and FY 2025.", NULL),
			 "FY2024=2024;FY 2025=2025;");
	ck_assert_str_eq(dates_of("Output rose in January-December 2024.", NULL),
			 "January=2024-01;December 2024=2024-12;");
	/* shares and rates are no quarters */
	ck_assert_str_eq(dates_of("A quarter of voters want three quarter-point cuts.", "1989-11-02"),
			 "");
	ck_assert_str_eq(dates_of("A $200-a-month plan, a two-a-day habit, for a month.", NULL),
			 "a month=P1M;");
	ck_assert_str_eq(dates_of("Profit in the third quarter beat the year-earlier quarter.",
				  "1989-11-02"),
			 "the third quarter=1989-Q3;the year-earlier quarter=1988-Q3;");
	ck_assert_str_eq(dates_of("Net for this year's second quarter rose.", "1989-11-02"),
			 "this year's second quarter=1989-Q2;");
	ck_assert_str_eq(dates_of("Net for the year ended June 30 rose.", "1989-11-02"),
			 "the year=P1Y;June 30=1989-06-30;");
	ck_assert_str_eq(dates_of("For the year, volume was flat.", "1989-11-02"), "the year=1989;");
	/* the year last named, in the same paragraph only */
	ck_assert_str_eq(dates_of("Sales in 2020 rose. For the year, volume was flat.", "2024-11-07"),
			 "2020=2020;the year=2020;");
	ck_assert_str_eq(dates_of("Cut it by 2030 from 2020 levels.\n\nOutput fell in the first "
				  "months of the year.", "2024-11-07"),
			 "2030=2030;2020=2020;the year=2024;");
	ck_assert_str_eq(dates_of("Officials said over the weekend.", "1990-08-13"),
			 "the weekend=1990-W32-WE;");
	/* the reporting period: the quarter last named outright */
	ck_assert_str_eq(dates_of("Net rose in the third quarter from a year ago. The latest period "
				  "beat the year-earlier period.", "1989-11-02"),
			 "the third quarter=1989-Q3;a year ago=1988-Q3;The latest period=1989-Q3;"
			 "the year-earlier period=1988-Q3;");
	/* the 1988 period: the quarter last named, in that year */
	ck_assert_str_eq(dates_of("Net rose in the fiscal first quarter. In the 1988 period, it fell. "
				  "Sales in the quarter rose.", "1989-10-26"),
			 "the fiscal first quarter=1989-Q1;the 1988 period=1988-Q1;the quarter=1989-Q1;");
	ck_assert_str_eq(dates_of("Sales for the current fiscal year rose.", "1989-11-02"),
			 "the current fiscal year=1989;");
	/* a quarter still to come, in the past tense: last year's */
	ck_assert_str_eq(dates_of("Net rose in the fiscal first quarter.", "1989-11-20"),
			 "the fiscal first quarter=1989-Q1;");
	ck_assert_str_eq(dates_of("Net will rise in the first quarter.", "1989-11-20"),
			 "the first quarter=1990-Q1;");
}
END_TEST

START_TEST(test_fewer_false_alarms)
{
	/* prices are no clock times; hh:mm and am/pm still are */
	ck_assert_str_eq(dates_of("Shares rose to 3.50 from 2.45.", "1989-11-02"), "");
	ck_assert_str_eq(dates_of("It opened at 9.30 a.m. and shut at 10:15.", "1989-11-02"),
			 "9.30 a.m.=1989-11-02T09:30;10:15=1989-11-02T10:15;");
	ck_assert_str_eq(dates_of("It began around 7:15 p.m.", "1998-02-12"),
			 "7:15 p.m.=1998-02-12T19:15;");
	/* ages, company names, conjunction "once", "as soon as" */
	ck_assert_str_eq(dates_of("the 6-year-old boy and the 50-year-old alliance", NULL), "");
	ck_assert_str_eq(dates_of("Sun Microsystems said it once planned to sell as soon as Tuesday.",
				  "2000-04-03"), "Tuesday=2000-04-04;");
	ck_assert_str_eq(dates_of("He will leave as soon as possible.", NULL),
			 "as soon as possible=FUTURE_REF;");
	ck_assert_str_eq(dates_of("Funds lost $5 in the past two months.", NULL),
			 "the past two months=P2M;");
}
END_TEST

START_TEST(test_shift_takes_the_antecedent_granularity)
{
	/* a shift back compares with a finer date earlier in the sentence */
	ck_assert_str_eq(dates_of("Net rose in the third quarter from $5 a year earlier.", "1989-11-02"),
			 "the third quarter=1989-Q3;a year earlier=1988-Q3;");
	ck_assert_str_eq(dates_of("Sales on Oct. 26 were up from a year ago.", "1989-11-02"),
			 "Oct. 26=1989-10-26;a year ago=1988-10-26;");
	ck_assert_str_eq(dates_of("Profit in October beat year-earlier levels.", "1989-11-02"),
			 "October=1989-10;year-earlier=1988-10;");
	/* "a year earlier" in a text about a quarter is that quarter's
	 * counterpart, across sentences too; not "last year", not hours */
	ck_assert_str_eq(dates_of("Net rose in the third quarter. It was $5 a year earlier.",
				  "1989-11-02"), "the third quarter=1989-Q3;a year earlier=1988-Q3;");
	ck_assert_str_eq(dates_of("Net rose. It was $5 a year earlier.", "1989-11-02"),
			 "a year earlier=1988;");
	/* a shift of several units keeps its own granularity */
	ck_assert_str_eq(dates_of("On Oct. 26 he said it began nearly four years ago.", "1989-11-02"),
			 "Oct. 26=1989-10-26;nearly four years ago=1985;");
	ck_assert_str_eq(dates_of("Sales rose in October from last year.", "1989-11-02"),
			 "October=1989-10;last year=1988;");
	ck_assert_str_eq(dates_of("On Oct. 26 it fell, three hours ago.", "1989-11-02"),
			 "Oct. 26=1989-10-26;three hours ago=1989-11-02;");
}
END_TEST

START_TEST(test_later_counts_from_the_date_last_spoken_of)
{
	/* the next day, the previous day: from the date last spoken of */
	ck_assert_str_eq(dates_of("He was arrested on March 3 and charged the next day.", "2024-06-06"),
			 "March 3=2024-03-03;the next day=2024-03-04;");
	ck_assert_str_eq(dates_of("The vote is on June 4. The previous day, the party met.",
				  "2024-06-06"), "June 4=2024-06-04;The previous day=2024-06-03;");
	/* after a date of its sentence, or of the one before when it opens
	 * one */
	ck_assert_str_eq(dates_of("It applied in February 2022 and got the status four months later.",
				  "2024-06-06"), "February 2022=2022-02;four months later=2022-06;");
	ck_assert_str_eq(dates_of("Talks began on March 3. Two days later they broke down.",
				  "2024-06-06"), "March 3=2024-03-03;Two days later=2024-03-05;");
	ck_assert_str_eq(dates_of("It was founded in 1998. Ten years later it was sold.", NULL),
			 "1998=1998;Ten years later=2008;");
	/* not after a coarser date */
	ck_assert_str_eq(dates_of("Talks began in May 2020. Two days later they broke down.", NULL),
			 "May 2020=2020-05;Two days later=XXXX-XX-XX;");
	/* none there: from the article date; "from now" always */
	ck_assert_str_eq(dates_of("It began in 1998.\n\nTwo years later it was sold.", "2024-06-06"),
			 "1998=1998;Two years later=2026;");
	ck_assert_str_eq(dates_of("It began in 1998; two years from now it ends.", "2024-06-06"),
			 "1998=1998;two years from now=2026;");
	ck_assert_str_eq(dates_of("It began in 1998. It grew. Two years later it was sold.",
				  "2024-06-06"), "1998=1998;Two years later=2026;");
	/* a comparison is no date */
	ck_assert_str_eq(dates_of("Power goes to civilians in 1992, two years later than planned.",
				  "1987-04-01"), "1992=1992;");
}
END_TEST

START_TEST(test_vague_and_bounded_durations)
{
	ck_assert_str_eq(dates_of("Talks go on in the coming weeks, as over the past few months.",
				  NULL), "the coming weeks=PXW;the past few months=PXM;");
	ck_assert_str_eq(dates_of("It meets twice a year, three times a week.", NULL),
			 "twice a year=P1Y;three times a week=P1W;");
	ck_assert_str_eq(dates_of("Prices rose in recent years.", "1998-02-13"), "recent years=PXY;");
	ck_assert_str_eq(dates_of("A deal is due within two weeks.", "2000-02-16"), "two weeks=P2W;");
	ck_assert_str_eq(dates_of("It fell in the past two quarters.", NULL),
			 "the past two quarters=P2Q;");
	ck_assert_str_eq(dates_of("Profit rose for several quarters.", NULL), "several quarters=PXQ;");
	/* a bare plural unit after for/in/within: an unknown amount */
	ck_assert_str_eq(dates_of("They fought for years, then for decades.", NULL),
			 "years=PXY;decades=PXDE;");
	ck_assert_str_eq(dates_of("It grew for the first time in years.", NULL), "years=PXY;");
	ck_assert_str_eq(dates_of("Help came within weeks.", NULL), "weeks=PXW;");
	ck_assert_str_eq(dates_of("In days to come, and for years ahead.", NULL), "");
}
END_TEST

/* Sets: every week's Thursday, every year's July, never one date. */
START_TEST(test_sets_of_weekdays_and_months)
{
	ck_assert_str_eq(dates_of("They meet each Thursday and every July.", "1998-02-13"),
			 "each Thursday=XXXX-WXX-4;every July=XXXX-07;");
	ck_assert_str_eq(dates_of("Every Monday morning, and every year.", "1998-02-13"),
			 "Every Monday morning=XXXX-WXX-1TMO;every year=P1Y;");
}
END_TEST

START_TEST(test_rules_run_where_their_triggers_are)
{
	/* a month rule still fires in a window opened by a year only ... */
	ck_assert_str_eq(dates_of("Shares rose 1.5 pct in 1987 and in early May 1987.", NULL),
			 "1987=1987;early May 1987=1987-05;");
	/* ... and a decimal number opens no window of its own */
	ck_assert_str_eq(dates_of("It traded at 12.5 and 1.25.", NULL), "");
	ck_assert_str_eq(dates_of("Signed 9.5.2024 at 9.30 a.m.", NULL),
			 "9.5.2024=2024-05-09;9.30 a.m.=XXXX-XX-XXT09:30;");
	/* a number trigger opens one right after a number, not alone */
	ck_assert_str_eq(dates_of("It ended at 3 a.m. local time, not 10pm or 11PM.", "2024-11-24"),
			 "3 a.m.=2024-11-24T03:00;10pm=2024-11-24T22:00;11PM=2024-11-24T23:00;");
	ck_assert_str_eq(dates_of("I am sure it was a.m. or 3 apples.", "2024-11-24"), "");
}
END_TEST

START_TEST(test_times_on_days_holidays_and_fractions)
{
	ck_assert_str_eq(dates_of("Polls close at 10 p.m. Wednesday.", "1998-02-13"),
			 "10 p.m. Wednesday=1998-02-11T22:00;");
	ck_assert_str_eq(dates_of("It ended at noon Thursday.", "1998-02-13"),
			 "noon Thursday=1998-02-12T12:00;");
	ck_assert_str_eq(dates_of("It resumes at noon and ends by midnight; Midnight Oil played.",
				  "1998-02-13"),
			 "noon=1998-02-13T12:00;midnight=1998-02-13T24:00;");
	ck_assert_str_eq(dates_of("Bids are due by 5 p.m. EST Nov. 9.", "1989-11-02"),
			 "5 p.m. EST Nov. 9=1989-11-09T17:00;");
	/* four digits are a time only with a zone: wire style */
	ck_assert_str_eq(dates_of("Shares were flat by 0715 GMT.", "2024-11-05"),
			 "0715 GMT=2024-11-05T07:15;");
	ck_assert_str_eq(dates_of("The 1987 GMT figure; 2460 UTC.", "2024-11-05"), "1987=1987;");
	/* the Nth weekday of a month (5: the last), by the year it falls in */
	ck_assert_str_eq(dates_of("It begins on the first Monday in October.", "2024-07-02"),
			 "the first Monday in October=2024-10-07;");
	ck_assert_str_eq(dates_of("The vote is on the last Friday of May 2025.", "2024-07-02"),
			 "the last Friday of May 2025=2025-05-30;");
	ck_assert_str_eq(dates_of("It begins on the first Monday in October.", NULL),
			 "the first Monday in October=XXXX-10;");
	/* the day first, then the time */
	ck_assert_str_eq(dates_of("They played on Saturday at 3pm.", "2024-11-05"),
			 "Saturday at 3pm=2024-11-02T15:00;");
	ck_assert_str_eq(dates_of("The vote will be on Monday at 10:00.", "2024-11-05"),
			 "Monday at 10:00=2024-11-11T10:00;");
	ck_assert_str_eq(dates_of("They met on Thanksgiving Day 1999.", NULL),
			 "Thanksgiving Day 1999=1999-11-25;");
	ck_assert_str_eq(dates_of("They met last Christmas.", "1998-03-01"),
			 "last Christmas=1997-12-25;");
	ck_assert_str_eq(dates_of("It took 2 1/2 years and a minute and a half.", NULL),
			 "2 1/2 years=P2Y6M;a minute and a half=PT1M30S;");
	ck_assert_str_eq(dates_of("It ran for 5 1/2 hours.", NULL), "5 1/2 hours=PT5H30M;");
}
END_TEST

START_TEST(test_month_of_a_relative_year_and_bare_years)
{
	ck_assert_str_eq(dates_of("It began in June last year.", "1998-02-19"),
			 "June last year=1997-06;");
	ck_assert_str_eq(dates_of("Sales fell in January this year.", "1998-02-19"),
			 "January this year=1998-01;");
	ck_assert_str_eq(dates_of("Plans for the year two thousand.", "1998-02-19"),
			 "the year two thousand=2000;");
	ck_assert_str_eq(dates_of("They met in nineteen ninety-six.", NULL),
			 "nineteen ninety-six=1996;");
	ck_assert_str_eq(dates_of("The vote is this September.", "1998-02-05"),
			 "this September=1998-09;");
	/* "the following", "the previous" count from the date last named */
	ck_assert_str_eq(dates_of("He won in 1995 and lost the following year.", "1998-04-18"),
			 "1995=1995;the following year=1996;");
	ck_assert_str_eq(dates_of("It closed on Oct. 27, 1989, up from the previous Friday.",
				  "1989-11-02"), "Oct. 27, 1989=1989-10-27;the previous Friday=1989-10-20;");
	ck_assert_str_eq(dates_of("He arrived this morning.", "1998-02-05"),
			 "this morning=1998-02-05TMO;");
	ck_assert_str_eq(dates_of("He left last night.", "1998-02-05"), "last night=1998-02-04TNI;");
	/* a full month name alone (not May or March) */
	ck_assert_str_eq(dates_of("October was a bad month.", "1998-02-05"), "October=1997-10;");
	ck_assert_str_eq(dates_of("They may march on.", "1998-02-05"), "");
	/* "by" before a month is a deadline: the next one */
	ck_assert_str_eq(dates_of("KKR will pay the loan by February.", "1989-11-05"),
			 "February=1990-02;");
	ck_assert_str_eq(dates_of("It began in January nineteen ninety-seven.", NULL),
			 "January nineteen ninety-seven=1997-01;");
	/* an ordinal "a second" is no duration */
	ck_assert_str_eq(dates_of("He won a second term. Wait a second.", NULL), "a second=PT1S;");
	/* a bare year alone, but not an amount */
	ck_assert_str_eq(dates_of("He trimmed his 1990 earnings estimate.", NULL), "1990=1990;");
	ck_assert_str_eq(dates_of("It hired 1990 people and sold 1995 shares.", NULL), "");
}
END_TEST

/* A fork (--jobs) shares its original's compiled rules and finds what
 * it finds; freeing the fork leaves the original whole (ASan would catch
 * a rule freed twice or read after). */
START_TEST(test_fork_finds_the_same)
{
	static const char *const texts[] = {
		"The summit will open on 11 January, and met last week.",
		"On 25/09/2024 at 5pm, two years ago, in the third quarter of 1989.",
	};
	void *orig = dates_ctx;
	char want[4096];
	size_t i;

	for (i = 0; i < sizeof texts / sizeof *texts; i++) {
		dates_ctx = orig;
		snprintf(want, sizeof want, "%s", dates_of(texts[i], "2024-07-20"));
		ck_assert_str_ne(want, "");
		dates_ctx = nt_stage_dates.fork(orig);
		ck_assert_str_eq(dates_of(texts[i], "2024-07-20"), want);
		nt_stage_dates.fini(dates_ctx);
		dates_ctx = orig;
		ck_assert_str_eq(dates_of(texts[i], "2024-07-20"), want);
	}
}
END_TEST

static Suite *
dates_suite(void)
{
	Suite *s = suite_create("dates");
	TCase *cal = tcase_create("calendar"), *res = tcase_create("resolver");

	tcase_add_test(cal, test_leap_years);
	tcase_add_test(cal, test_day_numbers_round_trip);
	tcase_add_test(cal, test_weekdays);
	tcase_add_test(cal, test_iso_weeks_across_years);
	tcase_add_test(cal, test_month_arithmetic_clamps);
	tcase_add_test(cal, test_weekday_near);
	tcase_add_test(cal, test_parse);
	suite_add_tcase(s, cal);
	tcase_add_test(res, test_partial_dates_take_the_article_year);
	tcase_add_test(res, test_no_article_date_keeps_x);
	tcase_add_test(res, test_relative_dates);
	tcase_add_test(res, test_ranges);
	tcase_add_test(res, test_absolute_forms);
	tcase_add_test(res, test_non_dates);
	tcase_add_test(res, test_year_of_partial_dates_is_the_closest);
	tcase_add_test(res, test_weekday_future_cues);
	tcase_add_test(res, test_quarters_and_anaphors);
	tcase_add_test(res, test_fewer_false_alarms);
	tcase_add_test(res, test_shift_takes_the_antecedent_granularity);
	tcase_add_test(res, test_later_counts_from_the_date_last_spoken_of);
	tcase_add_test(res, test_vague_and_bounded_durations);
	tcase_add_test(res, test_sets_of_weekdays_and_months);
	tcase_add_test(res, test_rules_run_where_their_triggers_are);
	tcase_add_test(res, test_times_on_days_holidays_and_fractions);
	tcase_add_test(res, test_fork_finds_the_same);
	tcase_add_test(res, test_month_of_a_relative_year_and_bare_years);
	suite_add_tcase(s, res);
	return s;
}

int
main(void)
{
	const char *srcdir = getenv("srcdir");
	char normalize[4096], dates[4096];
	const char *paths[2] = { normalize, dates };
	struct nt_err err = { "" };
	SRunner *sr;
	int failed;

	snprintf(normalize, sizeof normalize, "%s/rules/normalize.yaml", srcdir ? srcdir : ".");
	snprintf(dates, sizeof dates, "%s/rules/dates/en.yaml", srcdir ? srcdir : ".");
	if (nt_rules_load(&rules, paths, 2, &err) != 0 ||
	    !(norm_ctx = nt_stage_normalize.init(&rules, NULL, &err)) ||
	    !(dates_ctx = nt_stage_dates.init(&rules, NULL, &err))) {
		fprintf(stderr, "check_dates: %s\n", err.text);
		return EXIT_FAILURE;
	}
	sr = srunner_create(dates_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	nt_stage_dates.fini(dates_ctx);
	nt_stage_normalize.fini(norm_ctx);
	nt_rules_free(&rules);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
