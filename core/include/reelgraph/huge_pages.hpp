// A hint that a large array be backed by 2 MB pages. Queries read the graph's
// arrays and their scratch arrays at random places, and the builder its id
// tables: with 4 kB pages most such reads miss the TLB as well as the cache.
#pragma once

#include <cstddef>
#include <cstdint>
#ifdef __linux__
#include <sys/mman.h>
#endif

namespace reelgraph::detail {

// Advises the whole 4 kB pages inside [data, data + bytes). Call it before the
// memory is first written: pages already touched stay as they are. A hint only;
// nothing changes where the system refuses it.
inline void advise_huge_pages(const void* data, std::size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  constexpr std::uintptr_t page = 4096;
  if (bytes < (std::size_t{4} << 20)) return;  // small arrays gain nothing
  const auto first = (reinterpret_cast<std::uintptr_t>(data) + page - 1) & ~(page - 1);
  const auto last = (reinterpret_cast<std::uintptr_t>(data) + bytes) & ~(page - 1);
  if (last > first) madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
#else
  (void)data;
  (void)bytes;
#endif
}

// Resizes an empty or smaller vector of trivially copyable values, advising
// its new storage first.
template <class Vector>
void resize_on_huge_pages(Vector& v, std::size_t n) {
  if (n <= v.size()) return;
  if (n > v.capacity()) {
    Vector fresh;
    fresh.reserve(n);
    advise_huge_pages(fresh.data(), n * sizeof(typename Vector::value_type));
    fresh.assign(v.begin(), v.end());
    v.swap(fresh);
  }
  v.resize(n);
}

}  // namespace reelgraph::detail
