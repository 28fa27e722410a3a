/*
 * libFuzzer target: any bytes as a program theory.  Reading headings and
 * comparing them must never crash or leak.
 */
#include <stdint.h>
#include <stdlib.h>

#include "markdown.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pl_md_headings h;
	const char *text = (const char *)data;

	if (size > PL_MARKDOWN_MAX_SIZE || pl_utf8_valid_prefix(text, size) != size)
		return 0;
	if (pl_md_headings_read(&h, text, size) == 0) {
		for (size_t i = 0; i + 1 < h.count; i++)
			(void)pl_md_heading_equal(h.items[i].text, h.items[i + 1].text);
		pl_md_headings_release(&h);
	}
	return 0;
}
