// NNFS_VECTOR_CLONES: compile a loop-heavy function three times (AVX-512, AVX2, plain x86-64)
// and let the loader pick the widest one the CPU has (GCC's target_clones). For code the compiler
// vectorises by itself; hand-written intrinsics live in the *_avx2.cpp / *_avx512.cpp files.
#pragma once

// The clones are chosen by an ifunc resolver, which runs before ThreadSanitizer's runtime is set
// up and crashes it at start-up; TSan builds take the portable version.
#if defined(__SANITIZE_THREAD__)
#define NNFS_VECTOR_CLONES
#else
#define NNFS_VECTOR_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#endif
