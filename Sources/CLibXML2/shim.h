#ifndef VKSICT_CLIBXML2_SHIM_H
#define VKSICT_CLIBXML2_SHIM_H
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlversion.h>
#endif
