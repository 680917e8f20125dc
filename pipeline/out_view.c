/* out_view.c - the "view" writer: the matching view, for rule authors.
 *
 * `newstag --format view` prints what the later stages match against
 * (after folding, boilerplate removal and glued-word repair), one article
 * after another, each ended by a form-feed line (the article separator of
 * text input).  It is
 * the first thing to look at when a rule does not fire. */
#include "out.h"

static int
nt_view_begin(const struct nt_output *out)
{
	(void)out;
	return 0;
}

static int
nt_view_article(const struct nt_output *out, const struct nt_article *a)
{
	fwrite(a->view, 1, a->view_len, out->fp);
	if (a->view_len == 0 || a->view[a->view_len - 1] != '\n')
		fputc('\n', out->fp);
	fputs("\f\n", out->fp);
	return nt_out_flush(out);
}

const struct nt_writer nt_writer_view = { "view", nt_view_begin, nt_view_article };
