#ifndef VKSICT_FUZZ_DRIVER_H
#define VKSICT_FUZZ_DRIVER_H
#include <stddef.h>
#include <stdint.h>

/// Runs libFuzzer with the arguments, calling the target's LLVMFuzzerTestOneInput. SwiftPM names an
/// executable's entry <Target>_main and links main to it, so libFuzzer's own main is never used:
/// each target's entry calls this instead.
int vks_run_fuzzer(int argc, char **argv);
#endif
