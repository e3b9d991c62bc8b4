#ifndef VKSICT_FUZZ_DRIVER_H
#define VKSICT_FUZZ_DRIVER_H
#include <stddef.h>
#include <stdint.h>
// libFuzzer's entry for programs that bring their own main (SwiftPM names an executable's entry
// <Target>_main and links main to it, so libFuzzer's main is never used).
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
#endif
