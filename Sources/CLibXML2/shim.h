#ifndef VKSICT_CLIBXML2_SHIM_H
#define VKSICT_CLIBXML2_SHIM_H
#include <libxml/xmlversion.h>
// Debian's libxml2 is built with ICU, and its encoding.h then includes the system's ICU headers,
// which clash with the copy Foundation ships in any module that imports both. Nothing here uses
// libxml2's ICU converters (encodings go through iconv), and only pointers to the converter structs
// appear in the structs Swift reads, so leave the ICU part out.
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/xmlschemas.h>
#endif
