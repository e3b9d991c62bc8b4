#ifndef VKSICT_CXLSXWRITER_SHIM_H
#define VKSICT_CXLSXWRITER_SHIM_H
// libxlsxwriter (Debian libxlsxwriter-dev): writes the period's workbooks (SPEC §9).
#include <xlsxwriter.h>
#endif
