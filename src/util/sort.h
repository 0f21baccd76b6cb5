/*
 * sort.h - qsort without its trap
 *
 * Calling the C library's sort with a NULL base is undefined behaviour
 * even for zero elements (the base is declared non-null), and empty arrays are NULL all over the tree.
 * yj_sort() does nothing for fewer than two elements.
 */
#ifndef YJ_UTIL_SORT_H
#define YJ_UTIL_SORT_H

#include <stdlib.h>

static inline void
yj_sort(void *base, size_t n, size_t size,
    int (*cmp)(const void *, const void *))
{
	if (n > 1)
		qsort(base, n, size, cmp);	/* checksrc: allow */
}

#endif /* YJ_UTIL_SORT_H */
