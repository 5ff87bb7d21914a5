/*
 * fuzz-config.c - libFuzzer harness for the value validators of the
 * configuration keys (fb_config_keys in lib/config.c).
 *
 * Every key's validator sees the input.  A value it takes comes back
 * normalised, and the normalised form must itself validate to exactly
 * the same text (so `config set` of what `config get` printed is a no-op).
 * A value it refuses fills the error and leaves *norm alone.  The input
 * is also looked up as a key name.
 */
#include "config.h"
#include "fuzz.h"

static void
check_key(const struct fb_config_key *k, const char *s)
{
	struct fb_err err = FB_ERR_INIT;
	char *norm = NULL, *again = NULL;

	if (k->validate(s, &norm, &err) != 0) {
		FUZZ_ASSERT_ERR(&err);
		FUZZ_ASSERT(norm == NULL);
		fb_err_release(&err);
		return;
	}
	FUZZ_ASSERT_NOERR(&err);
	FUZZ_ASSERT(norm != NULL);
	if (k->validate(norm, &again, &err) != 0) {
		fprintf(stderr, "%s: '%s' normalised to '%s', which is refused: %s\n",
			k->key, s, norm, err.msg);
		abort();
	}
	if (strcmp(norm, again) != 0) {
		fprintf(stderr, "%s: '%s' normalised to '%s', then to '%s'\n",
			k->key, s, norm, again);
		abort();
	}
	free(norm);
	free(again);
}

/* Each default is a value its own validator takes, unchanged. */
static void
check_defaults(void)
{
	const struct fb_config_key *k;

	for (k = fb_config_keys; k->key != NULL; k++) {
		struct fb_err err = FB_ERR_INIT;
		char *norm = NULL;

		if (k->def == NULL)
			continue;
		if (k->validate(k->def, &norm, &err) != 0 ||
		    strcmp(norm, k->def) != 0) {
			fprintf(stderr, "%s: default '%s' is not canonical\n",
				k->key, k->def);
			abort();
		}
		free(norm);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size);
	const struct fb_config_key *k;
	static int defaults_checked;

	if (!defaults_checked) {
		check_defaults();
		defaults_checked = 1;
	}
	for (k = fb_config_keys; k->key != NULL; k++) {
		FUZZ_ASSERT(k->validate != NULL);
		check_key(k, s);
	}
	if ((k = fb_config_find(s)) != NULL)
		FUZZ_ASSERT(strcmp(k->key, s) == 0);
	free(s);
	return 0;
}
