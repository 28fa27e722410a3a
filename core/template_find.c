#include <string.h>

#include "templates.h"

const pl_template *pl_template_find(const char *name)
{
	for (const pl_template *t = pl_templates; t->name; t++)
		if (strcmp(t->name, name) == 0)
			return t;
	return NULL;
}
