/* timex.c - Gregorian calendar arithmetic (timex.h).
 *
 * Day numbers use the days-from-civil algorithm of H. Hinnant
 * ("chrono-Compatible Low-Level Date Algorithms", 2013), shifted so that
 * 0001-01-01 is day 0; it is exact for every proleptic Gregorian date. */
#include "timex.h"

#include "article.h"

int
nt_leap_year(int y)
{
	return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

int
nt_days_in_month(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && nt_leap_year(y) ? 29 : days[m - 1];
}

long
nt_ymd_to_days(struct nt_ymd t)
{
	long y = t.m <= 2 ? t.y - 1 : t.y;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (t.m + (t.m > 2 ? -3 : 9)) + 2) / 5 + t.d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 306;   /* day 0 = 0001-01-01 */
}

struct nt_ymd
nt_days_to_ymd(long days)
{
	long z = days + 306;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	struct nt_ymd t;

	t.d = (int)(doy - (153 * mp + 2) / 5 + 1);
	t.m = (int)(mp < 10 ? mp + 3 : mp - 9);
	t.y = (int)(yoe + era * 400 + (t.m <= 2));
	return t;
}

int
nt_weekday(struct nt_ymd t)
{
	return (int)(nt_ymd_to_days(t) % 7) + 1;   /* 0001-01-01 was a Monday */
}

void
nt_iso_week(struct nt_ymd t, int *year, int *week)
{
	long days = nt_ymd_to_days(t);
	struct nt_ymd thursday = nt_days_to_ymd(days - nt_weekday(t) + 4);
	struct nt_ymd jan1 = { thursday.y, 1, 1 };

	*year = thursday.y;
	*week = (int)((nt_ymd_to_days(thursday) - nt_ymd_to_days(jan1)) / 7) + 1;
}

struct nt_ymd
nt_add_days(struct nt_ymd t, long n)
{
	return nt_days_to_ymd(nt_ymd_to_days(t) + n);
}

struct nt_ymd
nt_add_months(struct nt_ymd t, long n)
{
	long months = (long)t.y * 12 + (t.m - 1) + n;
	int dim;

	t.y = (int)(months / 12);
	t.m = (int)(months % 12) + 1;
	dim = nt_days_in_month(t.y, t.m);
	if (t.d > dim)
		t.d = dim;
	return t;
}

struct nt_ymd
nt_weekday_near(struct nt_ymd t, int wd, int dir)
{
	int cur = nt_weekday(t);
	long delta = wd - cur;

	if (dir < 0 && delta >= 0)
		delta -= 7;
	else if (dir > 0 && delta <= 0)
		delta += 7;
	return nt_add_days(t, delta);
}

int
nt_ymd_parse(const char *s, struct nt_ymd *t)
{
	char iso[11];

	if (nt_iso_date(s, 10, iso) != 0)
		return -1;
	t->y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	t->m = (s[5] - '0') * 10 + (s[6] - '0');
	t->d = (s[8] - '0') * 10 + (s[9] - '0');
	return 0;
}
