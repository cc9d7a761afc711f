// A hash map from 64-bit integer keys to 32-bit values, for the lookups made
// once per input row while building (an IMDb import makes tens of millions).
//
// Open addressing with linear probing in one flat array: a lookup touches one
// cache line, where std::unordered_map follows a bucket pointer to a node (and
// a string key to its characters). Entries are never erased.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <cstdlib>
#include <new>

#include "reelgraph/huge_pages.hpp"

namespace reelgraph {

namespace detail {
// Large tables on 2 MB pages where the system allows it: a lookup in a table
// of many megabytes otherwise misses the TLB as well as the cache.
template <class T>
struct HugePageAllocator {
  using value_type = T;
  HugePageAllocator() = default;
  template <class U>
  HugePageAllocator(const HugePageAllocator<U>&) {}
  static constexpr std::size_t kHuge = std::size_t{2} << 20;
  T* allocate(std::size_t n) {
    const std::size_t bytes = n * sizeof(T);
    if (bytes < 2 * kHuge) return std::allocator<T>().allocate(n);
    void* p = std::aligned_alloc(kHuge, (bytes + kHuge - 1) / kHuge * kHuge);
    if (!p) throw std::bad_alloc();
    advise_huge_pages(p, bytes);
    return static_cast<T*>(p);
  }
  void deallocate(T* p, std::size_t n) {
    if (n * sizeof(T) < 2 * kHuge) std::allocator<T>().deallocate(p, n);
    else std::free(p);
  }
  template <class U>
  bool operator==(const HugePageAllocator<U>&) const { return true; }
};
}  // namespace detail

class IdMap {
 public:
  IdMap() = default;

  // The value stored for `key`, or nullptr.
  const std::uint32_t* find(std::uint64_t key) const {
    if (key == kEmpty) return has_empty_key_ ? &empty_key_value_ : nullptr;
    if (slots_.empty()) return nullptr;
    for (std::size_t i = home(key);; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.key == key) return &s.value;
      if (s.key == kEmpty) return nullptr;
    }
  }

  // Stores `value` for `key` unless the key is already there; returns the
  // value now stored and whether it was inserted.
  std::pair<std::uint32_t, bool> try_emplace(std::uint64_t key, std::uint32_t value) {
    if (key == kEmpty) {
      if (has_empty_key_) return {empty_key_value_, false};
      has_empty_key_ = true;
      empty_key_value_ = value;
      ++size_;
      return {value, true};
    }
    // At most half full, so probe runs stay short.
    if (2 * (size_ + 1) > slots_.size()) grow(2 * (size_ + 1));
    for (std::size_t i = home(key);; i = (i + 1) & mask_) {
      Slot& s = slots_[i];
      if (s.key == key) return {s.value, false};
      if (s.key == kEmpty) {
        s = Slot{key, value};
        ++size_;
        return {value, true};
      }
    }
  }

  // Room for `n` keys without rehashing.
  void reserve(std::size_t n) {
    if (2 * n > slots_.size()) grow(2 * n);
  }

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

 private:
  // Key 0 marks an empty slot; a map that holds key 0 keeps it aside.
  static constexpr std::uint64_t kEmpty = 0;
  struct Slot {
    std::uint64_t key = kEmpty;
    std::uint32_t value = 0;
  };

  // Fibonacci hashing: the high bits of key times 2^64/phi spread even
  // sequential ids (tt0000001, tt0000002, ...) over the whole table.
  std::size_t home(std::uint64_t key) const {
    return static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ull) >> shift_);
  }

  void grow(std::size_t at_least) {
    std::size_t capacity = 16;
    int bits = 4;
    while (capacity < at_least) {
      if (bits >= 62) throw std::length_error("IdMap: too many keys");
      capacity *= 2;
      ++bits;
    }
    std::vector<Slot, detail::HugePageAllocator<Slot>> old(capacity);
    old.swap(slots_);
    mask_ = capacity - 1;
    shift_ = 64 - bits;
    for (const Slot& s : old) {
      if (s.key == kEmpty) continue;
      std::size_t i = home(s.key);
      while (slots_[i].key != kEmpty) i = (i + 1) & mask_;
      slots_[i] = s;
    }
  }

  std::vector<Slot, detail::HugePageAllocator<Slot>> slots_;
  std::size_t mask_ = 0;
  int shift_ = 64;
  std::size_t size_ = 0;
  bool has_empty_key_ = false;
  std::uint32_t empty_key_value_ = 0;
};

// Identity keys (see graph.hpp) to 32-bit indices. Canonical IMDb ids, the
// bulk of a large import, go to an IdMap as integers; every other key (Wikidata
// and TMDB ids, local film ids, names) to a map of strings. Which side a key
// goes to depends on the key alone, so a key is always found where it was put.
class KeyIndex {
 public:
  // "tt0038297" -> tag of tt, then 38297; 0 for anything that is not a
  // canonical IMDb id as parse_external_id writes it: tt, nm or co, then the
  // number padded to 7 digits, or 8 to 18 digits without a leading zero. On
  // those strings the packing is one to one.
  static std::uint64_t pack(std::string_view key) {
    if (key.size() < 9 || key.size() > 20) return 0;
    std::uint64_t tag = 0;
    if (key[0] == 't' && key[1] == 't') tag = 1;
    else if (key[0] == 'n' && key[1] == 'm') tag = 2;
    else if (key[0] == 'c' && key[1] == 'o') tag = 3;
    else return 0;
    if (key.size() > 9 && key[2] == '0') return 0;
    std::uint64_t number = 0;
    for (std::size_t i = 2; i < key.size(); ++i) {
      const unsigned digit = static_cast<unsigned char>(key[i]) - unsigned{'0'};
      if (digit > 9) return 0;
      number = number * 10 + digit;
    }
    // 18 digits stay below 10^18 < 2^60, leaving the top bits to the tag.
    return tag << 60 | number;
  }

  std::optional<std::uint32_t> find(std::string_view key) const {
    if (const std::uint64_t packed = pack(key)) {
      const std::uint32_t* v = ids_.find(packed);
      return v ? std::optional<std::uint32_t>(*v) : std::nullopt;
    }
    const auto it = others_.find(key);
    return it == others_.end() ? std::nullopt : std::optional<std::uint32_t>(it->second);
  }
  bool contains(std::string_view key) const { return find(key).has_value(); }

  // Stores `value` for `key` unless the key is already there; true when stored.
  bool insert(std::string_view key, std::uint32_t value) {
    if (const std::uint64_t packed = pack(key)) return ids_.try_emplace(packed, value).second;
    return others_.try_emplace(std::string(key), value).second;
  }

  void reserve_ids(std::size_t n) { ids_.reserve(n); }
  std::size_t size() const { return ids_.size() + others_.size(); }

 private:
  // Looked up by string_view without building a std::string.
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  IdMap ids_;
  std::unordered_map<std::string, std::uint32_t, Hash, std::equal_to<>> others_;
};

}  // namespace reelgraph
