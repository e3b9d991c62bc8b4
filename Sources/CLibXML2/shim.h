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

// libxml2 prints every parse error to stderr unless told otherwise, which would spoil quiet cron runs
// and JSON logs. The errors are collected where they happen (xmlCtxtGetLastError, the schema's
// structured handler); silence the printing. The generic handler is variadic, which Swift cannot
// write, so both live here. libxml2 keeps them per thread: call this on the thread that parses.
static void vks_libxml2_silent(void *context, const char *message, ...) { (void)context; (void)message; }
static void vks_libxml2_silent_structured(void *context, xmlErrorPtr error) { (void)context; (void)error; }
static inline void vks_libxml2_silence(void) {
    xmlSetGenericErrorFunc(NULL, vks_libxml2_silent);
    xmlSetStructuredErrorFunc(NULL, vks_libxml2_silent_structured);
}
#endif
