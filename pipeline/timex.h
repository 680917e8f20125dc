/* timex.h - calendar arithmetic and TIMEX3 values for the dates stage.
 *
 * Dates are proleptic Gregorian (year 1..9999), as in ISO 8601.  Values
 * follow TimeML's TIMEX3 (Pustejovsky et al., TimeML 1.2.1, 2006; ISO
 * 24617-1): 2024-09-25, 2024-09, 2024, 199 (a decade), 2024-W39 (an ISO
 * week), 2024-Q3, 2024-H1, 2024-SU (a season), XXXX-01-11 (year unknown),
 * P30Y (a duration), PRESENT_REF. */
#ifndef NT_TIMEX_H
#define NT_TIMEX_H

#include <stddef.h>

struct nt_ymd {
	int y, m, d;         /* m 1..12, d 1..31 */
};

int nt_leap_year(int y);
/* Days in month M (1..12, which callers check: it indexes a table) of year Y. */
int nt_days_in_month(int y, int m);

/* Days since 0001-01-01 (day 0), and back. */
long nt_ymd_to_days(struct nt_ymd t);
struct nt_ymd nt_days_to_ymd(long days);

/* ISO weekday, 1 = Monday .. 7 = Sunday. */
int nt_weekday(struct nt_ymd t);

/* ISO 8601 week-numbering year and week of T. */
void nt_iso_week(struct nt_ymd t, int *year, int *week);

/* T moved by N days, months or years.  Adding months clamps the day to
 * the end of the month (2024-01-31 + 1 month = 2024-02-29). */
struct nt_ymd nt_add_days(struct nt_ymd t, long n);
struct nt_ymd nt_add_months(struct nt_ymd t, long n);

/* The date of weekday WD (1..7) relative to T: DIR < 0 the last one
 * strictly before T, DIR > 0 the next one strictly after T, DIR == 0 the
 * one in T's ISO week. */
struct nt_ymd nt_weekday_near(struct nt_ymd t, int wd, int dir);

/* Parse "YYYY-MM-DD".  Returns 0, or -1 when it is not a real date. */
int nt_ymd_parse(const char *s, struct nt_ymd *t);

#endif
