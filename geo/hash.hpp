// A 64-bit fingerprint of values and memory (caches' keys: "is this what was drawn last time?").
// Not for storage: values may change between builds.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace geo {

struct Hasher {
  uint64_t h = 0x9E3779B97F4A7C15ull;
  void mix(uint64_t v) {
    h ^= v + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
    h *= 0xBF58476D1CE4E5B9ull;
    h ^= h >> 31;
  }
  // Memory, eight bytes at a time (with its length, so that a shorter run differs).
  void bytes(const void* p, size_t n) {
    const auto* c = static_cast<const unsigned char*>(p);
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
      uint64_t v;
      std::memcpy(&v, c + i, 8);
      mix(v);
    }
    uint64_t tail = 0;
    if (n > i) std::memcpy(&tail, c + i, n - i);
    mix(tail ^ (uint64_t(n) << 48));
  }
  template <class T>
  void add(const T& v) {
    bytes(&v, sizeof v);
  }
};

}  // namespace geo
