// What the CPU we run on can do, read once from CPUID (and XGETBV: the OS must also save the
// wide registers). Kernels with ISA-specific code paths pick one at run time from this, so a
// single binary runs on any x86-64 machine.
#pragma once

namespace nnfs {

struct CpuFeatures {
  bool avx2_fma = false;  // AVX2 + FMA3 with OS support for YMM state
  bool avx512 = false;    // AVX-512 F, VL, BW, DQ with OS support for ZMM and opmask state
};

const CpuFeatures& cpu_features();

}  // namespace nnfs
